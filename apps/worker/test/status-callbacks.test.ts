import { type CallbackEvent, callbackJobId, createCallbackResolver } from "@dispatcher/core";
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
import {
  type DnsAnswer,
  type DnsServer,
  eventually,
  startDnsServer,
  startWebhookReceiver,
  type WebhookReceiver,
} from "@dispatcher/testing";
import { sql } from "kysely";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// Status callbacks delivered by a real worker to a real HTTP receiver: Standard Webhooks events
// verified with the official library, retried under one webhook-id, in order, once per state, and
// never to a private address unless allowed; their hosts resolved through a real DNS server. The
// callbacks are noted as in production, by the statements that change a delivery status.

const SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const PREVIOUS = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
type Callback = CallbackEvent;
let h: Harness | undefined;
let receiver: WebhookReceiver<Callback> | undefined;
let dns: DnsServer | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
  await dns?.close();
  dns = undefined;
});

/** A resolver asking only a test DNS server that answers as `answers` says (NXDOMAIN for other names). */
async function testDns(answers: Record<string, DnsAnswer>) {
  dns = await startDnsServer((name) => answers[name] ?? "nxdomain");
  return createCallbackResolver({ timeoutMs: 300, maxCacheMs: 0, servers: [dns.server] });
}

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
  it("POSTs each state once, as a verified Standard Webhooks event, in state order, retried under one webhook-id", async () => {
    // The first two requests fail: the first state's callback is retried, and the second waits for it.
    receiver = await startWebhookReceiver<Callback>({
      secret: SECRET,
      statusFor: (n) => (n < 2 ? 500 : 204),
    });
    const r = receiver;
    h = await startHarness({ callbacks: { secrets: [SECRET], allowPrivate: true } });
    const id = await sentMessage(h, r.url);
    const first = await noReceipt(h, id);
    const second = await receipt(h, id, "delivered", "2026-11-29T10:05:00Z");
    expect([first, second].map((ids) => ids.length)).toEqual([1, 1]);
    // The same state again (a later receipt saying delivered too) owes nothing.
    expect(await receipt(h, id, "delivered", "2026-11-29T10:06:00Z")).toEqual([]);
    // The later one is enqueued first: it still comes second.
    await enqueueCallbacks(h.queues.callbacks, [...second, ...first]);
    await eventually(async () => expect(r.heard).toHaveLength(2), 15_000);
    expect(r.heard.map((x) => [x.body.type, x.signed])).toEqual([
      ["message.delivery_unknown", true],
      ["message.delivered", true],
    ]);
    expect(r.heard[1]!.body).toEqual({
      type: "message.delivered",
      timestamp: "2026-11-29T10:05:00.000Z",
      data: { messageId: id, deliveryStatus: "delivered", at: "2026-11-29T10:05:00.000Z" },
    });
    // The two failed tries and the delivered one of the first callback carry one webhook-id.
    expect(r.ids).toEqual([`cb_${first[0]}`, `cb_${first[0]}`, `cb_${first[0]}`, `cb_${second[0]}`]);
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

  it("never connects to a private address without ALLOW_PRIVATE_CALLBACKS, giving up at once; sending goes on", async () => {
    receiver = await startWebhookReceiver<Callback>({ secret: SECRET });
    const r = receiver;
    h = await startHarness({ callbacks: { secrets: [SECRET], allowPrivate: false } });
    const id = await sentMessage(h, r.url);
    await enqueueCallbacks(h.queues.callbacks, await receipt(h, id, "delivered", "2026-11-29T10:00:00Z"));
    await eventually(async () => {
      const [row] = await h!.db.selectFrom("statusCallbacks").selectAll().execute();
      expect(row?.lastError).toMatch(/loopback or private address \(127\.0\.0\.1\)/);
      expect([row?.attempts, row?.gaveUpAt !== null]).toEqual([1, true]);
    }, 10_000);
    expect(r.heard).toEqual([]);
    // A failing callback never holds up a send.
    const [other] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([other!])).toEqual(["sent"]), 10_000);
  });

  it("signs with the current and the previous secret while rotating: receivers verifying with either accept; a tampered body or an old timestamp fails", async () => {
    receiver = await startWebhookReceiver<Callback>({ secret: SECRET });
    const r = receiver;
    h = await startHarness({ callbacks: { secrets: [SECRET, PREVIOUS], allowPrivate: true } });
    const id = await sentMessage(h, r.url);
    await enqueueCallbacks(h.queues.callbacks, await receipt(h, id, "failed", "2026-11-29T10:00:00Z"));
    await eventually(async () => expect(r.heard).toHaveLength(1), 10_000);
    const { text, headers, signed } = r.heard[0]!;
    expect(signed).toBe(true);
    const sent = {
      "webhook-id": String(headers["webhook-id"]),
      "webhook-timestamp": String(headers["webhook-timestamp"]),
      "webhook-signature": String(headers["webhook-signature"]),
    };
    expect(sent["webhook-signature"].split(" ")).toHaveLength(2);
    // A receiver still on the previous secret accepts it too, with the official library.
    expect(new Webhook(PREVIOUS).verify(text, sent)).toMatchObject({ type: "message.failed" });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(text, sent)).toThrow(
      WebhookVerificationError,
    );
    const tampered = text.replace('"failed"', '"delivered"');
    expect(tampered).not.toBe(text);
    expect(() => new Webhook(SECRET).verify(tampered, sent)).toThrow(/No matching signature/);
    const old = { ...sent, "webhook-timestamp": String(Math.floor(Date.now() / 1_000) - 600) };
    expect(() => new Webhook(SECRET).verify(text, old)).toThrow(/too old/);
  });

  it("resolves a callback host through DNS and connects to the address it checked", async () => {
    receiver = await startWebhookReceiver<Callback>({ secret: SECRET });
    const r = receiver;
    const resolve = await testDns({ "hooks.example.test": { addresses: ["127.0.0.1"] } });
    h = await startHarness({ callbacks: { secrets: [SECRET], allowPrivate: true, resolve } });
    // The system resolver knows no such name: only the answer checked can be what it reached.
    const id = await sentMessage(h, r.url.replace("127.0.0.1", "hooks.example.test"));
    await enqueueCallbacks(h.queues.callbacks, await receipt(h, id, "delivered", "2026-11-29T10:00:00Z"));
    await eventually(async () => expect(r.heard).toHaveLength(1), 10_000);
    expect(dns!.queries.map((q) => q.name)).toContain("hooks.example.test");
  });

  it.each([
    ["a name that does not exist", "gone.example.test", /host gone\.example\.test does not resolve/],
    ["a name with a private address", "inside.example.test", /loopback or private address \(10\.0\.0\.5\)/],
  ])("gives up at once on %s", async (_case, host, why) => {
    const resolve = await testDns({ "inside.example.test": { addresses: ["10.0.0.5"] } });
    h = await startHarness({ callbacks: { secrets: [SECRET], allowPrivate: false, resolve } });
    const id = await sentMessage(h, `http://${host}/hook`);
    const [callbackId] = await receipt(h, id, "delivered", "2026-11-29T10:00:00Z");
    await enqueueCallbacks(h.queues.callbacks, [callbackId!]);
    await eventually(async () => {
      const [row] = await h!.db.selectFrom("statusCallbacks").selectAll().execute();
      expect([row?.attempts, row?.gaveUpAt !== null]).toEqual([1, true]);
      expect(row?.lastError).toMatch(why);
    }, 10_000);
    expect(await (await h.queues.callbacks.getJob(callbackJobId(callbackId!)))?.getState()).toBe("failed");
  });

  it.each([
    ["never answers", "silent" as const, /did not resolve within 300 ms/],
    ["answers SERVFAIL", "servfail" as const, /could not be resolved now \(DNS: ESERVFAIL\)/],
  ])("tries again later when the name server %s", async (_case, answer, why) => {
    const resolve = await testDns({ "slow.example.test": answer });
    h = await startHarness({ callbacks: { secrets: [SECRET], allowPrivate: false, resolve } });
    const id = await sentMessage(h, "http://slow.example.test/hook");
    const [callbackId] = await receipt(h, id, "delivered", "2026-11-29T10:00:00Z");
    await enqueueCallbacks(h.queues.callbacks, [callbackId!]);
    await eventually(async () => {
      const [row] = await h!.db.selectFrom("statusCallbacks").selectAll().execute();
      expect(row?.attempts).toBeGreaterThanOrEqual(1);
      expect(row?.lastError).toMatch(why);
    }, 10_000);
    const [row] = await h.db.selectFrom("statusCallbacks").selectAll().execute();
    expect(row?.gaveUpAt).toBeNull();
    expect(await (await h.queues.callbacks.getJob(callbackJobId(callbackId!)))?.getState()).not.toBe(
      "failed",
    );
  });
});
