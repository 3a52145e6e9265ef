import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@dispatcher/core";
import { claimPending, insertMessages, markSent, noteStatusCallbacks, startSending } from "@dispatcher/db";
import { enqueueCallbacks } from "@dispatcher/redis";
import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// Status callbacks delivered by a real worker to a real HTTP receiver: signed, retried, in order,
// once per state, and never to a private address unless allowed.

const SECRET = "c".repeat(40);
let h: Harness | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

interface Heard {
  body: { messageId: number; deliveryStatus: string; at: string };
  signed: boolean;
}

/** A receiver that answers `statusFor(n)` to its n-th request (default 204) and records what it heard. */
async function receiver(
  statusFor: (n: number) => number = () => 204,
): Promise<{ url: string; heard: Heard[] }> {
  const heard: Heard[] = [];
  let n = 0;
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const signed =
        verifySignature({
          header: req.headers["x-signature"] as string | undefined,
          body: text,
          secrets: [SECRET],
          toleranceSeconds: 60,
        }) === "ok";
      const status = statusFor(n++);
      if (status < 300) heard.push({ body: JSON.parse(text), signed });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`, heard };
}

/** A message with `callbackUrl`, recorded sent. */
async function sentMessage(harness: Harness, callbackUrl: string): Promise<number> {
  const [row] = await insertMessages(harness.db, [{ recipient: "+905551111111", content: "x", callbackUrl }]);
  await claimPending(harness.db, 10, "bulk");
  await startSending(harness.db, [row!.id]);
  await markSent(harness.db, [{ id: row!.id, providerMessageId: `p-${row!.id}`, sentAt: new Date() }]);
  return row!.id;
}

/** Sets the message's delivery status, as a receipt would, and announces it. */
async function changeTo(harness: Harness, id: number, status: string, at: string): Promise<number[]> {
  await sql`update messages set delivery_status = ${status}, delivery_status_at = ${at}::timestamptz where id = ${id}`.execute(
    harness.db,
  );
  return noteStatusCallbacks(harness.db, [id]);
}

describe("status callbacks", () => {
  it("POSTs each state once, signed, in state order, after retries of a failing receiver", async () => {
    // The first two requests fail: the first state's callback is retried, and the second waits for it.
    const r = await receiver((n) => (n < 2 ? 500 : 204));
    h = await startHarness({ callbacks: { secret: SECRET, allowPrivate: true } });
    const id = await sentMessage(h, r.url);
    const first = await changeTo(h, id, "unknown", "2026-11-29T10:00:00Z");
    const second = await changeTo(h, id, "delivered", "2026-11-29T10:05:00Z");
    // The same state again owes nothing.
    expect(await noteStatusCallbacks(h.db, [id])).toEqual([]);
    // The later one is enqueued first: it still comes second.
    await enqueueCallbacks(h.queues.callbacks, [...second, ...first]);
    await eventually(async () => expect(r.heard).toHaveLength(2), 15_000);
    expect(r.heard.map((x) => [x.body.deliveryStatus, x.signed])).toEqual([
      ["unknown", true],
      ["delivered", true],
    ]);
    expect(r.heard[1]!.body).toEqual({
      messageId: id,
      deliveryStatus: "delivered",
      at: "2026-11-29T10:05:00.000Z",
    });
    const rows = await h.db.selectFrom("statusCallbacks").selectAll().orderBy("id").execute();
    expect(rows.map((row) => [row.status, row.attempts, row.deliveredAt !== null])).toEqual([
      ["unknown", 3, true],
      ["delivered", 1, true],
    ]);
    // Enqueued again (a sweep): a delivered callback is not sent twice.
    await h.queues.callbacks.obliterate({ force: true });
    await enqueueCallbacks(h.queues.callbacks, [...first, ...second]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.heard).toHaveLength(2);
  });

  it("never connects to a private address without ALLOW_PRIVATE_CALLBACKS; sending goes on", async () => {
    const r = await receiver();
    h = await startHarness({ callbacks: { secret: SECRET, allowPrivate: false } });
    const id = await sentMessage(h, r.url);
    await enqueueCallbacks(h.queues.callbacks, await changeTo(h, id, "delivered", "2026-11-29T10:00:00Z"));
    await eventually(async () => {
      const [row] = await h!.db.selectFrom("statusCallbacks").selectAll().execute();
      expect(row?.lastError).toMatch(/loopback or private address \(127\.0\.0\.1\)/);
    }, 10_000);
    expect(r.heard).toEqual([]);
    // A failing callback never holds up a send.
    const [other] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([other!])).toEqual(["sent"]), 10_000);
  });
});
