import { insertMessages, listDispatcherEvents } from "@dispatcher/db";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// Cancel (one, or by filter) and bulk retry, over a real socket.

const READ_KEY = "viewer-test-key";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    running: false,
    settings: { apiKeys: [...TEST_KEYS, { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" }] },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, dispatcher_events restart identity`.execute(h.db);
});

const call = (method: string, path: string, body?: unknown, key: string | null = TEST_KEY) =>
  callOverSocket(base, method, path, body, { key });

async function add(recipients: string[]): Promise<number[]> {
  const rows = await insertMessages(
    h.db,
    recipients.map((recipient, i) => ({ recipient, content: `m${i}` })),
  );
  return rows.map((r) => r.id);
}

async function statuses(): Promise<string[]> {
  const rows = await h.db.selectFrom("messages").select("status").orderBy("id").execute();
  return rows.map((r) => r.status);
}

const A = "+905551111111";
const B = "+905552222222";

describe("POST /api/v1/messages/:id/cancel", () => {
  it("cancels a pending message (200, audited); then, or once claimed, it is a 409; an unknown id a 404", async () => {
    const [first, second] = await add([A, B]);
    const res = await call("POST", `/api/v1/messages/${first}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first, status: "cancelled" });
    expect((await call("POST", `/api/v1/messages/${first}/cancel`)).body?.message).toMatch(
      /is cancelled; only a pending message can be cancelled/,
    );
    await sql`update messages set status = 'queued', queued_at = now() where id = ${second}`.execute(h.db);
    expect((await call("POST", `/api/v1/messages/${second}/cancel`)).status).toBe(409);
    expect((await call("POST", "/api/v1/messages/999/cancel")).status).toBe(404);
    expect((await call("POST", "/api/v1/messages/1e3/cancel")).status).toBe(400);
    const [event] = await listDispatcherEvents(h.db, { limit: 5 });
    expect(event).toMatchObject({ kind: "cancel", actor: "ops", details: { ids: [first], count: 1 } });
  });
});

describe("POST /api/v1/messages/cancel", () => {
  it("cancels the pending messages matching every condition, oldest first, up to limit", async () => {
    await add([A, B, A, A]);
    await sql`update messages set status = 'queued' where id = 4`.execute(h.db);
    const res = await call("POST", "/api/v1/messages/cancel", { to: A, limit: 1 });
    expect(res).toMatchObject({ status: 200, body: { count: 1 } });
    expect(await statuses()).toEqual(["cancelled", "pending", "pending", "queued"]);
    expect((await call("POST", "/api/v1/messages/cancel", { to: A })).body).toEqual({ count: 1 });
    expect(await statuses()).toEqual(["cancelled", "pending", "cancelled", "queued"]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await call("POST", "/api/v1/messages/cancel", { createdBefore: future })).body).toEqual({
      count: 1,
    });
    expect(await statuses()).toEqual(["cancelled", "cancelled", "cancelled", "queued"]);
    const [event] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(event).toMatchObject({
      kind: "cancel",
      actor: "ops",
      details: { count: 1, filter: { limit: 1000 } },
    });
  });

  it.each([
    ["no condition", { limit: 5 }, "(body)"],
    ["a bad number", { to: "12" }, "to"],
    ["a bad date", { createdBefore: "yesterday" }, "createdBefore"],
    // Rolled forward to the next midnight, this used to cancel the message.
    [
      "a date at hour 24",
      { createdBefore: `${new Date().toISOString().slice(0, 10)}T24:00:00Z` },
      "createdBefore",
    ],
    ["a day its month lacks", { createdAfter: "2026-02-31T00:00:00Z" }, "createdAfter"],
    ["an unknown field", { to: A, status: "sent" }, "status"],
    ["a limit past the maximum", { to: A, limit: 10_001 }, "limit"],
  ])("%s is a 400 naming the field, and nothing changes", async (_kind, body, field) => {
    await add([A]);
    const res = await call("POST", "/api/v1/messages/cancel", body);
    expect(res.status).toBe(400);
    expect(res.body?.field).toBe(field);
    expect(await statuses()).toEqual(["pending"]);
  });
});

describe("POST /api/v1/messages/retry", () => {
  it("puts the failed messages matching the filter back to pending in a new round; others stay", async () => {
    await add([A, B, A, B]);
    await sql`update messages set status = 'failed', attempts = 5, last_error = case id
                when 1 then 'provider answered 503: busy' when 2 then 'rate 50% over' else 'provider answered 400' end
              where id in (1, 2, 3)`.execute(h.db);
    // A wildcard in the filter is taken literally: "50%" matches message 2's error only.
    expect(
      (await call("POST", "/api/v1/messages/retry", { status: "failed", lastErrorContains: "50%" })).body,
    ).toEqual({
      count: 1,
    });
    expect(await statuses()).toEqual(["failed", "pending", "failed", "pending"]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(
      (await call("POST", "/api/v1/messages/retry", { status: "failed", failedSince: future })).body,
    ).toEqual({
      count: 0,
    });
    expect((await call("POST", "/api/v1/messages/retry", { status: "failed", limit: 1 })).body).toEqual({
      count: 1,
    });
    expect(await statuses()).toEqual(["pending", "pending", "failed", "pending"]);
    const row = await h.db.selectFrom("messages").selectAll().where("id", "=", 1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 0, queuedAt: null });
    const [event] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(event).toMatchObject({ kind: "retry", actor: "ops", details: { count: 1, filter: { limit: 1 } } });
  });

  it("leaves a failed message whose send job is still live, and removes a finished job first", async () => {
    const [live, finished] = await add([A, B]);
    await sql`update messages set status = 'failed' where id in (${live}, ${finished})`.execute(h.db);
    // The queue is paused (the dispatcher is stopped), so this job stays waiting: a live job.
    await h.queues.send.add("send", { messageId: live!, maxLength: 160 }, { jobId: `msg-${live}` });
    const res = await call("POST", "/api/v1/messages/retry", { status: "failed" });
    expect(res.body).toEqual({ count: 1 });
    expect(await statuses()).toEqual(["failed", "pending"]);
  });

  it.each([
    ["no status", {}, "status"],
    ["another status", { status: "sent" }, "status"],
    ["an empty error filter", { status: "failed", lastErrorContains: "" }, "lastErrorContains"],
    ["a bad date", { status: "failed", failedSince: "soon" }, "failedSince"],
    ["a day its month lacks", { status: "failed", failedSince: "2026-02-29T00:00:00Z" }, "failedSince"],
    ["a NUL in the error filter", { status: "failed", lastErrorContains: "503\u0000" }, "lastErrorContains"],
    // A lone surrogate cannot go into the audit event's JSON.
    [
      "a lone surrogate in the error filter",
      { status: "failed", lastErrorContains: "\ud800" },
      "lastErrorContains",
    ],
  ])("%s is a 400 naming the field, and nothing changes", async (_kind, body, field) => {
    await add([A]);
    await sql`update messages set status = 'failed'`.execute(h.db);
    const res = await call("POST", "/api/v1/messages/retry", body);
    expect(res.status).toBe(400);
    expect(res.body?.field).toBe(field);
    expect(await statuses()).toEqual(["failed"]);
    expect(await listDispatcherEvents(h.db, { limit: 5 })).toEqual([]);
  });
});

describe("access to cancel and retry", () => {
  it.each([
    ["/api/v1/messages/1/cancel", undefined],
    ["/api/v1/messages/cancel", { to: A }],
    ["/api/v1/messages/retry", { status: "failed" }],
  ])("%s: no key or a wrong key is a 401, a read key a 403; nothing changes", async (path, body) => {
    await add([A]);
    expect((await call("POST", path, body, null)).status).toBe(401);
    expect((await call("POST", path, body, "wrong")).status).toBe(401);
    expect((await call("POST", path, body, READ_KEY)).status).toBe(403);
    expect(await statuses()).toEqual(["pending"]);
  });
});
