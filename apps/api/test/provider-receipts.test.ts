import { signPayload } from "@dispatcher/core";
import {
  applyWaitingReceipts,
  claimPending,
  insertMessages,
  markDeliveryUnknown,
  markSent,
  startSending,
} from "@dispatcher/db";
import { ONE_PROVIDER } from "@dispatcher/db/testing";
import { createLogger } from "@dispatcher/runtime";
import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDeliveryMetrics } from "../src/metrics/delivery-metrics.js";
import { type ApiHarness, callOverSocket, postSigned, startApi } from "./api-harness.js";

// Delivery receipts from the provider, over a real socket: the signature, idempotency, order,
// early receipts, the unknown timeout, and what lists and metrics show.

const SECRET = "s".repeat(40);
const PREVIOUS = "p".repeat(40);
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({ settings: { receipts: { secrets: [SECRET, PREVIOUS], toleranceSeconds: 300 } } });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, delivery_receipts restart identity`.execute(h.db);
});

/** POSTs `body` to the receipt endpoint, signed now with SECRET unless `options.signature` says otherwise. */
const postReceipt = (body: unknown, options: { signature?: string | null; contentType?: string } = {}) =>
  postSigned(base, "/provider/receipts", body, { secret: SECRET, ...options });

/** A message recorded sent with provider id `providerId`. */
async function sentMessage(providerId: string) {
  const [row] = await insertMessages(h.db, [{ recipient: "+905551111111", content: "code 1234" }]);
  await claimPending(h.db, 10, "bulk");
  await startSending(h.db, [row!.id], ONE_PROVIDER);
  await markSent(h.db, [{ id: row!.id, providerMessageId: providerId, sentAt: new Date() }]);
  return row!;
}

const receiptCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from delivery_receipts`.execute(h.db)).rows[0]!.n);
const get = (path: string, key?: string | null) => callOverSocket(base, "GET", path, undefined, { key });

describe("POST /provider/receipts", () => {
  it("a signed receipt sets the message's delivery status; lists, history and metrics show it", async () => {
    const m = await sentMessage("prov-1");
    const receipt = { messageId: "prov-1", status: "delivered", at: "2026-11-29T10:00:04Z" };
    expect(await postReceipt(receipt)).toEqual({ status: 202, body: { outcome: "applied" } });
    expect(await postReceipt(receipt)).toEqual({ status: 200, body: { outcome: "duplicate" } });
    expect(await receiptCount()).toBe(1);

    const one = await get(`/api/v1/messages/${m.id}`);
    expect(one.body).toMatchObject({ deliveryStatus: "delivered", deliveredAt: "2026-11-29T10:00:04.000Z" });
    const listed = await get("/api/v1/messages?deliveryStatus=delivered");
    expect((listed.body.items as { id: number }[]).map((i) => i.id)).toEqual([m.id]);
    expect(((await get("/api/v1/messages?deliveryStatus=unknown")).body.items as unknown[]).length).toBe(0);
    const history = await get(`/api/v1/messages/${m.id}/receipts`);
    expect(history.body).toEqual({
      items: [
        {
          status: "delivered",
          at: "2026-11-29T10:00:04.000Z",
          errorCode: null,
          providerMessageId: "prov-1",
          receivedAt: expect.any(String),
        },
      ],
    });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/dispatcher_receipts_total\{status="delivered",outcome="applied"\} 1/);
    expect(metrics).toMatch(/dispatcher_receipts_total\{status="delivered",outcome="duplicate"\} 1/);
    expect(metrics).toMatch(/dispatcher_delivery_status_changes_total\{status="delivered"\} 1/);
  });

  it("accepts the previous secret while the provider rotates", async () => {
    await sentMessage("prov-2");
    const body = JSON.stringify({
      messageId: "prov-2",
      status: "failed",
      at: "2026-11-29T10:00:00Z",
      errorCode: "30008",
    });
    expect((await postReceipt(body, { signature: signPayload(PREVIOUS, body) })).body).toEqual({
      outcome: "applied",
    });
  });

  it("out of order: a later status stands against an earlier one that comes after it", async () => {
    const m = await sentMessage("prov-3");
    await postReceipt({
      messageId: "prov-3",
      status: "undelivered",
      at: "2026-11-29T10:05:00Z",
      errorCode: "30003",
    });
    const early = await postReceipt({ messageId: "prov-3", status: "delivered", at: "2026-11-29T10:00:00Z" });
    expect(early.body).toEqual({ outcome: "superseded" });
    expect((await get(`/api/v1/messages/${m.id}`)).body).toMatchObject({
      deliveryStatus: "undelivered",
      deliveredAt: null,
    });
    expect(
      ((await get(`/api/v1/messages/${m.id}/receipts`)).body.items as { status: string }[]).map(
        (r) => r.status,
      ),
    ).toEqual(["delivered", "undelivered"]);
  });

  it("a receipt before the message is recorded sent waits, and the sweep applies it once it is", async () => {
    const [row] = await insertMessages(h.db, [{ recipient: "+905551111111", content: "x" }]);
    await claimPending(h.db, 10, "bulk");
    await startSending(h.db, [row!.id], ONE_PROVIDER);
    expect(
      (await postReceipt({ messageId: "prov-4", status: "delivered", at: new Date().toISOString() })).body,
    ).toEqual({
      outcome: "waiting",
    });
    await markSent(h.db, [{ id: row!.id, providerMessageId: "prov-4", sentAt: new Date() }]);
    // The workers' receipt sweep, as it runs every 5 s.
    expect((await applyWaitingReceipts(h.db, { limit: 100 })).applied).toHaveLength(1);
    expect((await get(`/api/v1/messages/${row!.id}`)).body.deliveryStatus).toBe("delivered");
  });

  it("the sweep marks a message unknown when no receipt came in time; a late receipt still applies", async () => {
    const m = await sentMessage("prov-5");
    await sql`update messages set sent_at = now() - interval '2 minutes' where id = ${m.id}`.execute(h.db);
    // The workers' receipt sweep, under a one-minute receipt timeout.
    expect((await markDeliveryUnknown(h.db, { timeoutMs: 60_000 }, 100)).ids).toEqual([m.id]);
    expect((await get(`/api/v1/messages/${m.id}`)).body.deliveryStatus).toBe("unknown");
    const listed = await get("/api/v1/messages?deliveryStatus=unknown");
    expect((listed.body.items as { id: number }[]).map((i) => i.id)).toEqual([m.id]);
    expect(
      (await postReceipt({ messageId: "prov-5", status: "expired", at: new Date().toISOString() })).body,
    ).toEqual({
      outcome: "applied",
    });
  });

  const now = () => new Date();
  const valid = () => JSON.stringify({ messageId: "prov-x", status: "delivered", at: now().toISOString() });
  it.each([
    ["no signature", () => ({ body: valid(), signature: null })],
    ["an empty signature", () => ({ body: valid(), signature: "" })],
    ["another secret", () => ({ body: valid(), signature: signPayload("w".repeat(40), valid()) })],
    ["a signature of another body", () => ({ body: valid(), signature: signPayload(SECRET, "{}") })],
    [
      "a replay 10 minutes old",
      () => ({ body: valid(), signature: signPayload(SECRET, valid(), new Date(Date.now() - 600_000)) }),
    ],
    [
      "a timestamp 10 minutes ahead",
      () => ({ body: valid(), signature: signPayload(SECRET, valid(), new Date(Date.now() + 600_000)) }),
    ],
    ["a malformed header", () => ({ body: valid(), signature: "t=1,v1=zz" })],
    ["no signature, not JSON", () => ({ body: "not json", signature: null })],
    ["no signature, text/plain", () => ({ body: valid(), signature: null, contentType: "text/plain" })],
  ])("%s: 401, nothing stored", async (_name, make) => {
    await sentMessage("prov-x");
    const { body, signature, contentType } = make() as {
      body: string;
      signature: string | null;
      contentType?: string;
    };
    const res = await postReceipt(body, { signature, contentType });
    expect(res.status).toBe(401);
    expect(await receiptCount()).toBe(0);
  });

  it.each([
    [{ messageId: "p", status: "read", at: "2026-11-29T10:00:00Z" }, "status"],
    [{ messageId: "p", status: "delivered", at: "yesterday" }, "at"],
    [{ messageId: "p", status: "delivered", at: "2099-01-01T00:00:00Z" }, "at"],
    [{ messageId: "", status: "delivered", at: "2026-11-29T10:00:00Z" }, "messageId"],
    [{ messageId: "x".repeat(256), status: "delivered", at: "2026-11-29T10:00:00Z" }, "messageId"],
    [
      { messageId: "p", status: "delivered", at: "2026-11-29T10:00:00Z", reference: "1; drop table" },
      "reference",
    ],
    [{ status: "delivered", at: "2026-11-29T10:00:00Z" }, "messageId"],
    ["not json", "(body)"],
  ])("signed but %j: a 400 naming %s, nothing stored", async (body, field) => {
    const res = await postReceipt(body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect(await receiptCount()).toBe(0);
  });
});

describe("GET /api/v1/messages/:id/receipts", () => {
  it("needs a key; a bad id is a 400, an unknown one a 404", async () => {
    const m = await sentMessage("prov-6");
    expect((await get(`/api/v1/messages/${m.id}/receipts`, null)).status).toBe(401);
    expect((await get(`/api/v1/messages/${m.id}/receipts`, "wrong")).status).toBe(401);
    expect((await get("/api/v1/messages/1e3/receipts")).status).toBe(400);
    expect((await get("/api/v1/messages/987654/receipts")).status).toBe(404);
    expect((await get(`/api/v1/messages/${m.id}/receipts`)).body).toEqual({ items: [] });
  });
});

describe("without RECEIPT_SECRET", () => {
  it("there is no receipt endpoint", async () => {
    const plain = await startApi();
    try {
      const res = await plain.app.inject({ method: "POST", url: "/provider/receipts", payload: {} });
      expect(res.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
