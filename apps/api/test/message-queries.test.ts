import { SEND_QUEUE, sendJobId } from "@dispatcher/core";
import {
  claimPending,
  insertMessages,
  listDispatcherEvents,
  markFailed,
  markUnconfirmed,
  startSending,
} from "@dispatcher/db";
import { ONE_PROVIDER } from "@dispatcher/db/testing";
import { createRedisConnection } from "@dispatcher/redis";
import { eventually } from "@dispatcher/testing";
import { Worker } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
let ids: number[];
beforeAll(async () => {
  h = await startApi();
  const rows = await insertMessages(
    h.db,
    Array.from({ length: 7 }, (_, i) => ({ recipient: `+9055522222${10 + i}`, content: `q${i}` })),
  );
  ids = rows.map((r) => r.id);
  // Messages 0 and 1 failed after one attempt; the rest stay pending.
  await claimPending(h.db, 2, "bulk");
  await startSending(h.db, ids.slice(0, 2), ONE_PROVIDER);
  await markFailed(
    h.db,
    ids.slice(0, 2).map((id) => ({ id, error: "provider answered 400: bad number" })),
  );
});
afterAll(async () => {
  await h?.close();
});

describe("GET /api/v1/messages", () => {
  it("filters by status and pages newest first without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.inject({
        method: "GET",
        url: `/api/v1/messages?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      });
      expect(res.statusCode).toBe(200);
      seen.push(
        ...res
          .json()
          .items.map((m: { id: number; status: string }) => (expect(m.status).toBe("pending"), m.id)),
      );
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.slice(2).reverse());
  });

  it("rejects an unknown status naming the field", async () => {
    const res = await h.inject({ method: "GET", url: "/api/v1/messages?status=lost" });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe("status");
  });
});

describe("GET /api/v1/messages/:id", () => {
  it("shows attempts, last error and timestamps", async () => {
    const res = await h.inject({ method: "GET", url: `/api/v1/messages/${ids[0]}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: ids[0],
      status: "failed",
      attempts: 1,
      lastError: "provider answered 400: bad number",
      sentAt: null,
    });
    expect(Date.parse(res.json().queuedAt)).not.toBeNaN();
  });

  it.each(["abc", "1.5", "-3", "0", "99999999999999999999", "1e3", "0x10", "%20"])(
    "answers 400 naming id for id %s",
    async (id) => {
      const res = await h.inject({ method: "GET", url: `/api/v1/messages/${id}` });
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBe("id");
    },
  );

  it("answers 404 for an unknown id", async () => {
    const res = await h.inject({ method: "GET", url: "/api/v1/messages/987654" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: "Not Found" });
  });
});

describe("POST /api/v1/messages/:id/retry", () => {
  it("puts a failed message back to pending and removes its finished job so it can be enqueued again", async () => {
    const id = ids[1]!;
    const old = await h.queues.send.add("send", { messageId: id, maxLength: 160 }, { jobId: sendJobId(id) });
    await old.moveToFailed(new Error("gave up"), "0", false).catch(() => {});
    const res = await h.inject({ method: "POST", url: `/api/v1/messages/${id}/retry` });
    expect(res.statusCode).toBe(200);
    // A new round of attempts; the failed round's errors stay in the history.
    expect(res.json()).toMatchObject({ id, status: "pending", queuedAt: null, attempts: 0, rateLimited: 0 });
    expect(await h.queues.send.getJob(sendJobId(id))).toBeUndefined();
    const [event] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(event).toMatchObject({ kind: "retry", actor: "ops", details: { ids: [id], count: 1 } });
    const [claimed] = await sql<{
      id: number;
    }>`select id from messages where status = 'pending' order by created_at, id limit 1`
      .execute(h.db)
      .then((r) => r.rows);
    expect(claimed?.id).toBe(id);
  });

  it("puts an unconfirmed message back to pending too, listed before as unconfirmed", async () => {
    const [row] = await insertMessages(h.db, [{ recipient: "+905552222299", content: "maybe sent" }]);
    await sql`update messages set status = 'queued' where id = ${row!.id}`.execute(h.db);
    await startSending(h.db, [row!.id], ONE_PROVIDER);
    expect(await markUnconfirmed(h.db, row!.id, "provider answered 500")).toBe(true);
    const listed = await h.inject({ method: "GET", url: "/api/v1/messages?status=unconfirmed" });
    expect(listed.json().items.map((m: { id: number }) => m.id)).toEqual([row!.id]);
    const res = await h.inject({ method: "POST", url: `/api/v1/messages/${row!.id}/retry` });
    expect(res.statusCode).toBe(200);
    // Its provider stays: the retry goes where the unclear answer came from.
    expect(res.json()).toMatchObject({ status: "pending", attempts: 0, provider: "primary" });
  });

  it("answers 409 and leaves the message failed while a worker still holds its send job's lock", async () => {
    const id = ids[0]!;
    await h.queues.send.add("send", { messageId: id, maxLength: 160 }, { jobId: sendJobId(id) });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const connection = createRedisConnection(inject("redisUrl"), "blocking");
    const worker = new Worker(SEND_QUEUE, () => held, { connection, prefix: h.prefix });
    try {
      await eventually(async () => expect(await h.queues.send.getJobState(sendJobId(id))).toBe("active"));
      const res = await h.inject({ method: "POST", url: `/api/v1/messages/${id}/retry` });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/send job is still being processed/);
      const row = await h.db
        .selectFrom("messages")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(await h.queues.send.getJobState(sendJobId(id))).toBe("active");
    } finally {
      release();
      await worker.close();
      connection.disconnect();
    }
  });

  it("answers 409 for a message that is not failed, and 404 for an unknown one", async () => {
    const pending = await h.inject({ method: "POST", url: `/api/v1/messages/${ids[3]}/retry` });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().message).toMatch(/is pending/);
    const unknown = await h.inject({ method: "POST", url: "/api/v1/messages/987654/retry" });
    expect(unknown.statusCode).toBe(404);
  });
});
