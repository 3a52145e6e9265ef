import { getDispatcherState, listDispatcherEvents, listLanes, seedDispatcherState } from "@dispatcher/db";
import { readScheduleStatus } from "@dispatcher/redis";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, callOverSocket, startApi } from "./api-harness.js";

// Priority lanes as a client and an operator see them, over a real socket: a message's
// `priority` at intake and in answers, and each lane's pace in GET and PATCH /dispatcher.

let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({ running: true });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, intake_keys restart identity`.execute(h.db);
});

const call = <B = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  options: Parameters<typeof callOverSocket>[4] = {},
) => callOverSocket<B>(base, method, path, body, options);
const TR = "+905551111111";
const storedCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from messages`.execute(h.db)).rows[0]!.n);

describe("a message's priority at intake", () => {
  it("is stored and shown; a message that names none is bulk", async () => {
    const otp = await call("POST", "/api/v1/messages", {
      to: TR,
      content: "code 1",
      priority: "transactional",
    });
    const plain = await call("POST", "/api/v1/messages", { to: TR, content: "news" });
    expect([otp.status, plain.status]).toEqual([201, 201]);
    expect(otp.body.priority).toBe("transactional");
    expect(plain.body.priority).toBe("bulk");
    const listed = await call<{ items: { id: number; priority: string }[] }>("GET", "/api/v1/messages");
    expect(listed.body.items.map((m) => [m.id, m.priority])).toEqual([
      [plain.body.id, "bulk"],
      [otp.body.id, "transactional"],
    ]);
    const one = await call("GET", `/api/v1/messages/${otp.body.id}`);
    expect(one.body.priority).toBe("transactional");
  });

  it("bulk intake takes a priority per message", async () => {
    const res = await call<{ items: { priority: string }[] }>("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "a", priority: "transactional" },
        { to: TR, content: "b" },
        { to: TR, content: "c", priority: "bulk" },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.items.map((m) => m.priority)).toEqual(["transactional", "bulk", "bulk"]);
  });

  it.each([
    ["urgent", "names no lane (GET /api/v1/dispatcher lists them)"],
    ["TRANSACTIONAL", "must match pattern"],
    ["transactional\u0000", "must"],
    ["", "must match pattern"],
    [1, "must be string"],
    [null, "must be string"],
    [["transactional"], "must be string"],
    [{ $ne: "bulk" }, "must be string"],
  ])("refuses priority %j with a 400 naming the field, storing nothing", async (priority, message) => {
    const res = await call<{ field: string; errors: { field: string; message: string }[] }>(
      "POST",
      "/api/v1/messages",
      { to: TR, content: "x", priority },
    );
    expect(res.status).toBe(400);
    expect(res.body.field).toBe("priority");
    expect(res.body.errors.find((e) => e.field === "priority")?.message).toContain(message);
    const bulk = await call<{ errors: { field: string }[] }>("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "ok" },
        { to: TR, content: "x", priority },
      ],
    });
    expect(bulk.status).toBe(400);
    expect(JSON.stringify(bulk.body)).toContain("priority");
    expect(await storedCount()).toBe(0);
  });

  it("a lane stored by a later boot (LANES) is taken at once, and listed", async () => {
    const before = await call("POST", "/api/v1/messages", { to: TR, content: "sale", priority: "marketing" });
    expect(before.status).toBe(400);
    await seedDispatcherState(
      h.db,
      {
        running: true,
        lanes: [{ name: "marketing", intervalMs: 600_000, batchSize: 50, ahead: false, arrival: false }],
      },
      "system",
    );
    const after = await call("POST", "/api/v1/messages", { to: TR, content: "sale", priority: "marketing" });
    expect(after.status).toBe(201);
    expect(after.body.priority).toBe("marketing");
    const status = await call<{ lanes: { name: string }[] }>("GET", "/api/v1/dispatcher");
    expect(status.body.lanes.map((l) => l.name)).toEqual(["transactional", "bulk", "marketing"]);
    await sql`delete from messages where priority = 'marketing'`.execute(h.db);
    await sql`delete from lanes where name = 'marketing'`.execute(h.db);
  });

  it("an Idempotency-Key retried with another priority is a 422; with the same, the first answer", async () => {
    const headers = { "idempotency-key": "otp-1" };
    const body = { to: TR, content: "code 7", priority: "transactional" };
    const first = await call("POST", "/api/v1/messages", body, { headers });
    const again = await call("POST", "/api/v1/messages", body, { headers });
    const other = await call("POST", "/api/v1/messages", { ...body, priority: "bulk" }, { headers });
    expect([first.status, again.status, other.status]).toEqual([201, 201, 422]);
    expect(again.body.id).toBe(first.body.id);
    expect(await storedCount()).toBe(1);
  });

  it("needs a valid key like every intake", async () => {
    const body = { to: TR, content: "x", priority: "transactional" };
    expect((await call("POST", "/api/v1/messages", body, { key: null })).status).toBe(401);
    expect((await call("POST", "/api/v1/messages", body, { key: "wrong" })).status).toBe(401);
    expect(await storedCount()).toBe(0);
  });
});

describe("intake wakes the lanes that send on arrival", () => {
  /** The wake-ups waiting in the arrival queue, by lane; emptied for the next test. */
  const wakeUps = async () => {
    const jobs = await h.queues.arrivals.getJobs(["waiting", "prioritized"]);
    await h.queues.arrivals.drain();
    return jobs.map((j) => j.data.lane);
  };
  beforeEach(async () => {
    await h.queues.arrivals.drain();
  });

  it("one wake-up of the transactional lane per request that stored a due message in it", async () => {
    expect(
      (await call("POST", "/api/v1/messages", { to: TR, content: "code", priority: "transactional" })).status,
    ).toBe(201);
    expect(await wakeUps()).toEqual(["transactional"]);
    const bulk = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "a", priority: "transactional" },
        { to: TR, content: "b", priority: "transactional" },
        { to: TR, content: "c" },
      ],
    });
    expect(bulk.status).toBe(201);
    expect(await wakeUps()).toEqual(["transactional"]);
  });

  it("none for a bulk message, a message scheduled later, a refused request or a replayed one", async () => {
    expect((await call("POST", "/api/v1/messages", { to: TR, content: "news" })).status).toBe(201);
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = { to: TR, content: "later", priority: "transactional", sendAt: later };
    expect((await call("POST", "/api/v1/messages", scheduled)).status).toBe(201);
    const bad = { to: "not a number", content: "x", priority: "transactional" };
    expect((await call("POST", "/api/v1/messages", bad)).status).toBe(400);
    expect(await wakeUps()).toEqual([]);
    const keyed = { headers: { "idempotency-key": "otp-1" } };
    const otp = { to: TR, content: "code", priority: "transactional" };
    expect((await call("POST", "/api/v1/messages", otp, keyed)).status).toBe(201);
    expect(await wakeUps()).toEqual(["transactional"]);
    const replay = await call("POST", "/api/v1/messages", otp, keyed);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await wakeUps()).toEqual([]);
  });
});

describe("each lane's pace in /api/v1/dispatcher", () => {
  const lane = async (name: string) => (await listLanes(h.db)).find((l) => l.name === name);

  it("GET lists every lane, ahead first; PATCH changes one lane alone, stored, audited, rescheduled", async () => {
    const before = await call("GET", "/api/v1/dispatcher");
    expect(before.body).toMatchObject({
      intervalMs: 120_000,
      batchSize: 2,
      lanes: [
        { name: "transactional", intervalMs: 1_000, batchSize: 50, ahead: true, arrival: true },
        { name: "bulk", intervalMs: 120_000, batchSize: 2, ahead: false, arrival: false },
      ],
    });
    const res = await call("PATCH", "/api/v1/dispatcher", {
      lanes: { transactional: { intervalMs: 3_000, batchSize: 20 } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      intervalMs: 120_000,
      batchSize: 2,
      lanes: [
        { name: "transactional", intervalMs: 3_000, batchSize: 20 },
        { name: "bulk", intervalMs: 120_000, batchSize: 2 },
      ],
    });
    expect(await lane("transactional")).toMatchObject({ intervalMs: 3_000, batchSize: 20, updatedBy: "ops" });
    expect(await lane("bulk")).toMatchObject({ intervalMs: 120_000, batchSize: 2 });
    // Ticks run every the greatest common divisor of the two intervals (2 min and 3 s): 3 s.
    expect(await readScheduleStatus(h.queues)).toMatchObject({ scheduled: true, intervalMs: 3_000 });
    const [event] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(event).toMatchObject({
      kind: "config",
      actor: "ops",
      details: {
        from: { transactional: { intervalMs: 1_000, batchSize: 50 } },
        to: { transactional: { intervalMs: 3_000, batchSize: 20 } },
      },
    });
    const one = await call("PATCH", "/api/v1/dispatcher", { lanes: { transactional: { batchSize: 8 } } });
    expect(await lane("transactional")).toMatchObject({ intervalMs: 3_000, batchSize: 8 });
    expect(one.body.lanes).toContainEqual({
      name: "transactional",
      intervalMs: 3_000,
      batchSize: 8,
      ahead: true,
      arrival: true,
    });
  });

  it("PATCH of bulk by name is the same as the top-level intervalMs and batchSize; both at once is a 400", async () => {
    const res = await call("PATCH", "/api/v1/dispatcher", { lanes: { bulk: { batchSize: 4 } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intervalMs: 120_000, batchSize: 4 });
    const both = await call("PATCH", "/api/v1/dispatcher", {
      batchSize: 3,
      lanes: { bulk: { batchSize: 5 } },
    });
    expect(both.status).toBe(400);
    expect(both.body.field).toBe("lanes.bulk");
    expect(await lane("bulk")).toMatchObject({ batchSize: 4 });
  });

  it.each([
    [{ lanes: {} }, "lanes"],
    [{ lanes: { transactional: {} } }, "lanes.transactional"],
    [{ lanes: { transactional: { intervalMs: 999 } } }, "lanes.transactional.intervalMs"],
    [{ lanes: { transactional: { batchSize: 10_001 } } }, "lanes.transactional.batchSize"],
    [{ lanes: { transactional: { batchSize: "5" } } }, "lanes.transactional.batchSize"],
    [{ lanes: { transactional: { rate: 5 } } }, "lanes.transactional.rate"],
    [{ lanes: { transactional: 5 } }, "lanes.transactional"],
    [{ lanes: { transactional: null } }, "lanes.transactional"],
    [{ lanes: { urgent: { batchSize: 5 } } }, "lanes.urgent"],
    [{ lanes: { "Bad Name": { batchSize: 5 } } }, "lanes.Bad Name"],
    [{ lanes: { "a\u0000": { batchSize: 5 } } }, "lanes.a\u0000"],
    [{ lanes: { ["x".repeat(33)]: { batchSize: 5 } } }, `lanes.${"x".repeat(33)}`],
    [{ transactional: { batchSize: 5 } }, "transactional"],
  ])("refuses %j with a 400 naming %s, storing nothing", async (body, field) => {
    const stored = await getDispatcherState(h.db);
    const lanes = await listLanes(h.db);
    const res = await call("PATCH", "/api/v1/dispatcher", body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    expect((await getDispatcherState(h.db))?.version).toBe(stored?.version);
    expect(await listLanes(h.db)).toEqual(lanes);
  });

  it("PATCH of a lane needs an admin key", async () => {
    const body = { lanes: { transactional: { batchSize: 50 } } };
    expect((await call("PATCH", "/api/v1/dispatcher", body, { key: null })).status).toBe(401);
    expect((await call("PATCH", "/api/v1/dispatcher", body, { key: "wrong" })).status).toBe(401);
    expect((await lane("transactional"))?.batchSize).not.toBe(50);
  });
});
