import {
  applyWaitingReceipts,
  claimPending,
  insertMessages,
  markDeliveryUnknown,
  markSent,
  recordReceipt,
  startSending,
} from "@dispatcher/db";
import { ONE_PROVIDER } from "@dispatcher/db/testing";
import { enqueueCallbacks } from "@dispatcher/redis";
import { eventually, startWebhookReceiver, type WebhookReceiver } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// Status callbacks delivered by a real worker to a real HTTP receiver: signed, retried, in order,
// once per state, and never to a private address unless allowed. The callbacks are noted as in
// production, by the statements that change a delivery status.

const SECRET = "c".repeat(40);
type Callback = { messageId: number; deliveryStatus: string; at: string };
let h: Harness | undefined;
let receiver: WebhookReceiver<Callback> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

/** A message with `callbackUrl`, recorded sent with provider id `p-<id>`. */
async function sentMessage(harness: Harness, callbackUrl: string): Promise<number> {
  const [row] = await insertMessages(harness.db, [{ recipient: "+905551111111", content: "x", callbackUrl }]);
  await claimPending(harness.db, 10, "bulk");
  await startSending(harness.db, [row!.id], ONE_PROVIDER);
  await markSent(harness.db, [{ id: row!.id, providerMessageId: `p-${row!.id}`, sentAt: new Date() }]);
  return row!.id;
}

/** A receipt for message `id`, applied: the ids of the status callbacks it noted. */
async function receipt(harness: Harness, id: number, status: "delivered" | "failed", at: string) {
  const receiptId = await recordReceipt(harness.db, {
    providerMessageId: `p-${id}`,
    status,
    at: new Date(at),
  });
  return (await applyWaitingReceipts(harness.db, { ids: [receiptId!], limit: 1, maxAgeMs: 86_400_000 }))
    .callbackIds;
}

/** Message `id` sent two hours ago with no receipt, marked unknown: the ids of the callbacks noted. */
async function noReceipt(harness: Harness, id: number) {
  await sql`update messages set sent_at = now() - interval '2 hours' where id = ${id}`.execute(harness.db);
  return (await markDeliveryUnknown(harness.db, { timeoutMs: 3_600_000 }, 10)).callbackIds;
}

describe("status callbacks", () => {
  it("POSTs each state once, signed, in state order, after retries of a failing receiver", async () => {
    // The first two requests fail: the first state's callback is retried, and the second waits for it.
    receiver = await startWebhookReceiver<Callback>({
      secret: SECRET,
      statusFor: (n) => (n < 2 ? 500 : 204),
    });
    const r = receiver;
    h = await startHarness({ callbacks: { secret: SECRET, allowPrivate: true } });
    const id = await sentMessage(h, r.url);
    const first = await noReceipt(h, id);
    const second = await receipt(h, id, "delivered", "2026-11-29T10:05:00Z");
    expect([first, second].map((ids) => ids.length)).toEqual([1, 1]);
    // The same state again (a later receipt saying delivered too) owes nothing.
    expect(await receipt(h, id, "delivered", "2026-11-29T10:06:00Z")).toEqual([]);
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
    // The receiver answers before the job records it: the rows follow within moments.
    await eventually(async () => {
      const rows = await h!.db.selectFrom("statusCallbacks").selectAll().orderBy("id").execute();
      expect(rows.map((row) => [row.status, row.attempts, row.deliveredAt !== null])).toEqual([
        ["unknown", 3, true],
        ["delivered", 1, true],
      ]);
    }, 5_000);
    // Enqueued again (a sweep): a delivered callback is not sent twice.
    await h.queues.callbacks.obliterate({ force: true });
    await enqueueCallbacks(h.queues.callbacks, [...first, ...second]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(r.heard).toHaveLength(2);
  });

  it("never connects to a private address without ALLOW_PRIVATE_CALLBACKS; sending goes on", async () => {
    receiver = await startWebhookReceiver<Callback>({ secret: SECRET });
    const r = receiver;
    h = await startHarness({ callbacks: { secret: SECRET, allowPrivate: false } });
    const id = await sentMessage(h, r.url);
    await enqueueCallbacks(h.queues.callbacks, await receipt(h, id, "delivered", "2026-11-29T10:00:00Z"));
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
