import type { CallbackEvent } from "@dispatcher/core";
import { insertMessages } from "@dispatcher/db";
import { eventually, startWebhookReceiver, type WebhookReceiver } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { useFaultStack } from "../src/use-fault-stack.js";

// Delivery receipts between real processes: the mock provider sends them, signed, to a real API,
// early (before its own answer), twice, out of order and some failed; two APIs sweep.

let receiver: WebhookReceiver<CallbackEvent> | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
const startStack = useFaultStack();

/** A Standard Webhooks secret (whsec_ and base64). */
const CALLBACK_SIGNING_SECRET = `whsec_${Buffer.from("fault-suite-callback-secret-0123456789").toString("base64")}`;

describe("delivery receipts", () => {
  it("early, duplicated and out-of-order receipts leave every message with its latest status, told once to its callbackUrl", async () => {
    // The client's endpoint: every status callback, and whether its signature checks out.
    receiver = await startWebhookReceiver<CallbackEvent>({ secret: CALLBACK_SIGNING_SECRET });
    const callbackUrl = receiver.url;
    const callbacks = { CALLBACK_SIGNING_SECRET, ALLOW_PRIVATE_CALLBACKS: "true" };
    const stack = await startStack({
      workers: 2,
      apis: 2,
      intervalMs: 1_000,
      batchSize: 100,
      receiptSecret: "fault-suite-receipt-secret-0123456789abcdef",
      apiEnv: callbacks,
      workerEnv: callbacks,
    });
    await stack.setSwitches({
      receiptBeforeAnswer: true,
      receiptDuplicates: 1,
      receiptOutOfOrder: true,
      receiptFailRate: 0.3,
    });
    await insertMessages(
      stack.db,
      Array.from({ length: 200 }, (_, i) => ({
        recipient: `+90555${2_000_000 + i}`,
        content: `code ${i}`,
        callbackUrl,
      })),
    );
    await stack.drained(60_000);
    // Each message: its receipt, a duplicate, and a stale `failed` one a minute older; all taken.
    await eventually(
      async () => expect((await stack.received()).counters.receiptsSent).toBe(600),
      30_000,
      200,
    );
    // Receipts that came before their message was recorded sent are applied by the sweep.
    await eventually(
      async () => {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from messages where delivery_status is null`.execute(stack.db);
        expect(Number(rows[0]!.n)).toBe(0);
      },
      30_000,
      200,
    );
    const { rows } = await sql<{ status: string; latest: string; receipts: string; n: string }>`
      select m.delivery_status as status,
             (select r.status from delivery_receipts r where r.message_id = m.id order by r.at desc limit 1) as latest,
             (select count(*) from delivery_receipts r where r.message_id = m.id) as receipts,
             count(*) over () as n
        from messages m`.execute(stack.db);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(row.status).toBe(row.latest);
      expect(["delivered", "undelivered"]).toContain(row.status);
      // The duplicate was stored once; the stale receipt is in the history.
      expect(Number(row.receipts)).toBe(2);
    }
    const undelivered = rows.filter((r) => r.status === "undelivered").length;
    expect(undelivered).toBeGreaterThan(20);
    expect(undelivered).toBeLessThan(110);
    expect((await stack.received()).counters.receiptsFailed).toBe(0);
    // Each message's one status change was told to its callbackUrl once, signed, with that status.
    await eventually(async () => expect(receiver!.heard).toHaveLength(200), 30_000, 200);
    expect(receiver.heard.every((h) => h.signed)).toBe(true);
    const heard = receiver.heard.map((h) => h.body.data);
    expect(new Set(heard.map((h) => h.messageId)).size).toBe(200);
    const statuses = await sql<{
      id: number;
      status: string;
    }>`select id, delivery_status as status from messages`.execute(stack.db);
    const want = new Map(statuses.rows.map((r) => [Number(r.id), r.status]));
    expect(heard.every((h) => want.get(h.messageId) === h.deliveryStatus)).toBe(true);
  });
});
