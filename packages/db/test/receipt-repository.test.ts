import { createTestDatabase, ONE_PROVIDER, type TestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  applyWaitingReceipts,
  claimPending,
  getMessage,
  insertMessages,
  listReceipts,
  markDeliveryUnknown,
  markSent,
  recordReceipt,
  startSending,
} from "../src/index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await sql`truncate messages, delivery_receipts, status_callbacks restart identity`.execute(t.db);
});

const apply = async (ids?: number[]) => (await applyWaitingReceipts(t.db, { ids, limit: 100 })).applied;
const at = (iso: string) => new Date(iso);

/** A message taken to `sent` with provider id `providerId`; returns its id and Idempotency-Key. */
async function sentMessage(providerId: string): Promise<{ id: number; key: string }> {
  const [row] = await insertMessages(t.db, [{ recipient: "+905551111111", content: "x" }]);
  await claimPending(t.db, 10, "bulk");
  await startSending(t.db, [row!.id], ONE_PROVIDER);
  await markSent(t.db, [{ id: row!.id, providerMessageId: providerId, sentAt: new Date() }]);
  return { id: row!.id, key: row!.idempotencyKey };
}

describe("delivery receipts", () => {
  it("a receipt applies to its message by the provider's id; a duplicate stores nothing", async () => {
    const m = await sentMessage("p-1");
    const receipt = {
      providerMessageId: "p-1",
      status: "delivered" as const,
      at: at("2026-11-29T10:00:05Z"),
    };
    const id = await recordReceipt(t.db, receipt);
    expect(id).toBeDefined();
    expect(await recordReceipt(t.db, receipt)).toBeUndefined();
    expect(await apply([id!])).toEqual([
      { receiptId: id, messageId: m.id, status: "delivered", changed: true },
    ]);
    expect(await getMessage(t.db, m.id)).toMatchObject({
      deliveryStatus: "delivered",
      deliveryStatusAt: at("2026-11-29T10:00:05Z"),
      deliveredAt: at("2026-11-29T10:00:05Z"),
    });
    expect(await apply()).toEqual([]);
    expect(await listReceipts(t.db, m.id)).toHaveLength(1);
  });

  it("out of order: the latest provider time wins, an earlier one never overwrites it", async () => {
    const m = await sentMessage("p-2");
    const late = await recordReceipt(t.db, {
      providerMessageId: "p-2",
      status: "undelivered",
      at: at("2026-11-29T10:05:00Z"),
      errorCode: "30003",
    });
    await apply([late!]);
    const early = await recordReceipt(t.db, {
      providerMessageId: "p-2",
      status: "delivered",
      at: at("2026-11-29T10:01:00Z"),
    });
    expect(await apply([early!])).toEqual([
      { receiptId: early, messageId: m.id, status: "delivered", changed: false },
    ]);
    expect(await getMessage(t.db, m.id)).toMatchObject({ deliveryStatus: "undelivered", deliveredAt: null });
    // Both arriving together: the later one wins too.
    const n = await sentMessage("p-3");
    await recordReceipt(t.db, { providerMessageId: "p-3", status: "failed", at: at("2026-11-29T11:00:00Z") });
    await recordReceipt(t.db, {
      providerMessageId: "p-3",
      status: "delivered",
      at: at("2026-11-29T10:00:00Z"),
    });
    const applied = await apply();
    expect(applied.filter((a) => a.changed).map((a) => a.status)).toEqual(["failed"]);
    expect((await getMessage(t.db, n.id))?.deliveryStatus).toBe("failed");
    expect((await listReceipts(t.db, n.id)).map((r) => r.status)).toEqual(["delivered", "failed"]);
  });

  it("a receipt that comes before the message is recorded sent waits, and applies once it is", async () => {
    const [row] = await insertMessages(t.db, [{ recipient: "+905551111111", content: "x" }]);
    await claimPending(t.db, 10, "bulk");
    await startSending(t.db, [row!.id], ONE_PROVIDER);
    const early = await recordReceipt(t.db, {
      providerMessageId: "p-4",
      status: "delivered",
      at: new Date(),
    });
    expect(await apply([early!])).toEqual([]);
    expect(await apply()).toEqual([]);
    // Recording the send brings the receipt's next look forward: the next sweep applies it.
    await markSent(t.db, [{ id: row!.id, providerMessageId: "p-4", sentAt: new Date() }]);
    expect(await apply()).toMatchObject([{ receiptId: early, messageId: row!.id, changed: true }]);
    expect((await getMessage(t.db, row!.id))?.deliveryStatus).toBe("delivered");
  });

  it("a receipt that came early echoing the key is brought forward when the send is recorded", async () => {
    const [row] = await insertMessages(t.db, [{ recipient: "+905551111111", content: "x" }]);
    await claimPending(t.db, 10, "bulk");
    await startSending(t.db, [row!.id], ONE_PROVIDER);
    const early = await recordReceipt(t.db, {
      providerMessageId: "an-earlier-attempt",
      reference: row!.idempotencyKey,
      status: "delivered",
      at: new Date(),
    });
    expect(await apply([early!])).toEqual([]);
    expect(await apply()).toEqual([]);
    await markSent(t.db, [{ id: row!.id, providerMessageId: "this-attempt", sentAt: new Date() }]);
    expect(await apply()).toMatchObject([{ receiptId: early, messageId: row!.id, changed: true }]);
  });

  it("a receipt for an attempt whose answer was lost finds its message by the echoed Idempotency-Key", async () => {
    const m = await sentMessage("p-5-second-attempt");
    const id = await recordReceipt(t.db, {
      providerMessageId: "p-5-first-attempt",
      reference: m.key,
      status: "delivered",
      at: new Date(),
    });
    expect(await apply([id!])).toMatchObject([{ messageId: m.id, changed: true }]);
  });

  it("a receipt applies to one message only, the one its Idempotency-Key names before one with its provider id", async () => {
    const named = await sentMessage("p-shared");
    const other = await sentMessage("p-shared");
    const id = await recordReceipt(t.db, {
      providerMessageId: "p-shared",
      reference: named.key,
      status: "failed",
      at: new Date(),
    });
    expect(await apply([id!])).toMatchObject([{ messageId: named.id, changed: true }]);
    expect((await getMessage(t.db, other.id))?.deliveryStatus).toBeNull();
  });

  it("delivered then a later undelivered: deliveredAt goes with the status", async () => {
    const m = await sentMessage("p-9");
    const first = await recordReceipt(t.db, {
      providerMessageId: "p-9",
      status: "delivered",
      at: at("2026-11-29T10:00:00Z"),
    });
    await apply([first!]);
    const second = await recordReceipt(t.db, {
      providerMessageId: "p-9",
      status: "undelivered",
      at: at("2026-11-29T10:01:00Z"),
    });
    await apply([second!]);
    expect(await getMessage(t.db, m.id)).toMatchObject({ deliveryStatus: "undelivered", deliveredAt: null });
  });

  it("a provider id with control characters matches as markSent stored it; errorCode is kept storable", async () => {
    const m = await sentMessage("p\u0000x");
    const id = await recordReceipt(t.db, {
      providerMessageId: "p\u0000x",
      status: "delivered",
      at: new Date(),
      errorCode: "e\u0000",
    });
    expect(await apply([id!])).toMatchObject([{ messageId: m.id, changed: true }]);
  });

  it("a receipt for no known message keeps waiting, unmatched", async () => {
    const id = await recordReceipt(t.db, {
      providerMessageId: "nobody",
      status: "delivered",
      at: new Date(),
    });
    expect(await apply([id!])).toEqual([]);
    const [row] = await t.db.selectFrom("deliveryReceipts").selectAll().execute();
    expect(row).toMatchObject({ messageId: null, appliedAt: null });
  });

  it("an unmatched receipt is looked at again each time twice as late, not on every sweep", async () => {
    const id = await recordReceipt(t.db, { providerMessageId: "later", status: "delivered", at: new Date() });
    const probe = async () => {
      const [row] = await t.db
        .selectFrom("deliveryReceipts")
        .select(["probes", sql<number>`extract(epoch from next_probe_at - now())`.as("inSeconds")])
        .where("id", "=", id!)
        .execute();
      return { probes: row!.probes, inSeconds: Math.round(Number(row!.inSeconds)) };
    };
    expect(await apply()).toEqual([]);
    expect(await probe()).toEqual({ probes: 1, inSeconds: 5 });
    // Sweeps before its time do not look at it (nor count a look).
    expect(await apply()).toEqual([]);
    expect(await apply()).toEqual([]);
    expect((await probe()).probes).toBe(1);
    for (const [probes, inSeconds] of [
      [2, 10],
      [3, 20],
      [4, 40],
    ]) {
      await sql`update delivery_receipts set next_probe_at = now() where id = ${id!}`.execute(t.db);
      expect(await apply()).toEqual([]);
      expect(await probe()).toEqual({ probes, inSeconds });
    }
    // At most an hour apart, however many looks.
    await sql`update delivery_receipts set probes = 40, next_probe_at = now() where id = ${id!}`.execute(
      t.db,
    );
    await apply();
    expect(await probe()).toEqual({ probes: 41, inSeconds: 3_600 });
    // Never past the end of its day: the last look is when the day ends, and after it none.
    await sql`update delivery_receipts set received_at = now() - interval '23 hours 50 minutes',
              next_probe_at = now() where id = ${id!}`.execute(t.db);
    await apply();
    expect(await probe()).toEqual({ probes: 42, inSeconds: 600 });
    await sql`update delivery_receipts set received_at = now() - interval '2 days', next_probe_at = now()
              where id = ${id!}`.execute(t.db);
    await apply();
    const [row] = await t.db
      .selectFrom("deliveryReceipts")
      .select(sql<string>`next_probe_at::text`.as("next"))
      .where("id", "=", id!)
      .execute();
    expect(row!.next).toBe("infinity");
    expect(await apply()).toEqual([]);
    // Back within its day, for the rest of this test.
    await sql`update delivery_receipts set received_at = now() where id = ${id!}`.execute(t.db);
    // Its message recorded sent: the next look applies it.
    const m = await sentMessage("later");
    await sql`update delivery_receipts set next_probe_at = now() where id = ${id!}`.execute(t.db);
    expect(await apply()).toMatchObject([{ receiptId: id, messageId: m.id, changed: true }]);
  });

  it("sent messages with no receipt in time become unknown; a later receipt still applies", async () => {
    const m = await sentMessage("p-6");
    const fresh = await sentMessage("p-7");
    await sql`update messages set sent_at = now() - interval '2 hours' where id = ${m.id}`.execute(t.db);
    const old = await sentMessage("p-old");
    await sql`update messages set sent_at = now() - interval '3 days' where id = ${old.id}`.execute(t.db);
    expect(await markDeliveryUnknown(t.db, { timeoutMs: 3_600_000 }, 100)).toEqual({
      ids: [m.id],
      callbackIds: [],
    });
    expect((await markDeliveryUnknown(t.db, { timeoutMs: 3_600_000 }, 100)).ids).toEqual([]);
    expect((await getMessage(t.db, fresh.id))?.deliveryStatus).toBeNull();
    // Sent long before the timeout's window (before receipts were on, say): left alone.
    expect((await getMessage(t.db, old.id))?.deliveryStatus).toBeNull();
    expect(await getMessage(t.db, m.id)).toMatchObject({ deliveryStatus: "unknown", deliveryStatusAt: null });
    const id = await recordReceipt(t.db, { providerMessageId: "p-6", status: "expired", at: new Date() });
    await apply([id!]);
    expect((await getMessage(t.db, m.id))?.deliveryStatus).toBe("expired");
  });

  it("a change of a message with a callbackUrl notes its callback in the same statement, once per status", async () => {
    const [row] = await insertMessages(t.db, [
      { recipient: "+905551111111", content: "x", callbackUrl: "https://93.184.216.34/cb" },
    ]);
    await claimPending(t.db, 10, "bulk");
    await startSending(t.db, [row!.id], ONE_PROVIDER);
    await markSent(t.db, [{ id: row!.id, providerMessageId: "p-cb", sentAt: new Date() }]);
    const first = await recordReceipt(t.db, {
      providerMessageId: "p-cb",
      status: "delivered",
      at: at("2026-11-29T10:00:00Z"),
    });
    const done = await applyWaitingReceipts(t.db, { ids: [first!], limit: 10 });
    expect(done.callbackIds).toHaveLength(1);
    const stale = await recordReceipt(t.db, {
      providerMessageId: "p-cb",
      status: "failed",
      at: at("2026-11-29T09:00:00Z"),
    });
    expect((await applyWaitingReceipts(t.db, { ids: [stale!], limit: 10 })).callbackIds).toEqual([]);
    const rows = await t.db.selectFrom("statusCallbacks").selectAll().execute();
    expect(rows).toMatchObject([{ messageId: row!.id, status: "delivered", at: at("2026-11-29T10:00:00Z") }]);
  });

  it("concurrent appliers take each receipt once and end with the latest status", async () => {
    const m = await sentMessage("p-8");
    const base = Date.parse("2026-11-29T10:00:00Z");
    for (let i = 0; i < 40; i++) {
      await recordReceipt(t.db, {
        providerMessageId: "p-8",
        status: i === 17 ? "delivered" : "failed",
        at: new Date(base + (i === 17 ? 3_600_000 : i * 1_000)),
      });
    }
    const results = await Promise.all(
      Array.from({ length: 6 }, () => applyWaitingReceipts(t.db, { limit: 7 })),
    );
    const again = await apply();
    const taken = [...results.flatMap((r) => r.applied), ...again].map((r) => r.receiptId);
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken).toHaveLength(40);
    expect((await getMessage(t.db, m.id))?.deliveryStatus).toBe("delivered");
  });
});

describe("receipts of a named provider", () => {
  it("apply only to that provider's messages, however alike the ids", async () => {
    const primary = await sentMessage("1001");
    const named = await recordReceipt(t.db, {
      providerMessageId: "1001",
      status: "delivered",
      at: at("2026-11-29T10:00:05Z"),
      provider: "tw",
    });
    // The message went through `primary`: a receipt from `tw` with the same id is not about it.
    expect(await apply([named!])).toEqual([]);
    expect((await getMessage(t.db, primary.id))?.deliveryStatus).toBeNull();
    // The shared endpoint's receipts (no provider) apply to any provider's messages.
    const shared = await recordReceipt(t.db, {
      providerMessageId: "1001",
      status: "delivered",
      at: at("2026-11-29T10:00:06Z"),
    });
    expect(await apply([shared!])).toMatchObject([{ messageId: primary.id, changed: true }]);
  });

  it("messages turn unknown only for the providers that send receipts, when those are named", async () => {
    const m = await sentMessage("p-9");
    await sql`update messages set sent_at = now() - interval '2 hours' where id = ${m.id}`.execute(t.db);
    expect((await markDeliveryUnknown(t.db, { timeoutMs: 3_600_000, providers: ["tw"] }, 10)).ids).toEqual(
      [],
    );
    expect(
      (await markDeliveryUnknown(t.db, { timeoutMs: 3_600_000, providers: ["primary"] }, 10)).ids,
    ).toEqual([m.id]);
  });
});
