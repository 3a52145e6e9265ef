import { listLanes } from "@dispatcher/db";
import { readScheduleStatus } from "@dispatcher/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi({ running: true });
});
afterAll(async () => {
  await h?.close();
});

const bulkLane = async () => (await listLanes(h.db)).find((lane) => lane.name === "bulk");
const patch = (payload: unknown) =>
  h.inject({ method: "PATCH", url: "/api/v1/dispatcher", payload: payload as object });

describe("PATCH /api/v1/dispatcher", () => {
  it("changes the pace, stores it, reschedules the ticks and audits who did it", async () => {
    const res = await patch({ intervalMs: 2_500, batchSize: 50 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: "running",
      intervalMs: 2_500,
      batchSize: 50,
      updatedBy: "ops",
    });
    expect(await bulkLane()).toMatchObject({ intervalMs: 2_500, batchSize: 50, updatedBy: "ops" });
    // Ticks run every the greatest common divisor of the lane intervals: 500 ms with transactional's 1 s.
    expect(await readScheduleStatus(h.queues)).toMatchObject({ scheduled: true, intervalMs: 500 });

    const events = (await h.inject({ method: "GET", url: "/api/v1/dispatcher/events" })).json();
    expect(events.items[0]).toMatchObject({
      kind: "config",
      actor: "ops",
      details: {
        from: { bulk: { intervalMs: 120_000, batchSize: 2 } },
        to: { bulk: { intervalMs: 2_500, batchSize: 50 } },
      },
    });
  });

  it("changes one field and keeps the other", async () => {
    const res = await patch({ batchSize: 7 });
    expect(res.json()).toMatchObject({ intervalMs: 2_500, batchSize: 7 });
  });

  it.each([
    [{ intervalMs: 999 }, "intervalMs"],
    [{ intervalMs: 86_400_001 }, "intervalMs"],
    [{ batchSize: 0 }, "batchSize"],
    [{ batchSize: 10_001 }, "batchSize"],
    [{ batchSize: "10" }, "batchSize"],
    [{ batchSize: 2.5 }, "batchSize"],
    [{ pace: "fast" }, "pace"],
  ])("rejects %j with a 400 naming %s, storing nothing", async (body, field) => {
    const res = await patch(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe(field);
    expect(await bulkLane()).toMatchObject({ intervalMs: 2_500, batchSize: 7 });
  });

  it("rejects an empty change", async () => {
    const res = await patch({});
    expect(res.statusCode).toBe(400);
  });
});

describe("GET /api/v1/dispatcher/events", () => {
  it("lists start, stop and config changes newest first, paginated, each with its actor and time", async () => {
    await h.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
    await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
    const first = (await h.inject({ method: "GET", url: "/api/v1/dispatcher/events?limit=2" })).json();
    expect(first.items.map((e: { kind: string }) => e.kind)).toEqual(["start", "stop"]);
    expect(first.items[0].actor).toBe("ops");
    expect(Date.parse(first.items[0].createdAt)).not.toBeNaN();
    const rest = (
      await h.inject({ method: "GET", url: `/api/v1/dispatcher/events?limit=10&cursor=${first.nextCursor}` })
    ).json();
    // The two pace changes, then the auto-start recorded at the first boot.
    expect(rest.items.map((e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`)).toEqual([
      "config:ops",
      "config:ops",
      "start:system",
    ]);
    expect(rest.nextCursor).toBeNull();
  });
});
