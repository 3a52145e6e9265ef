import { listDispatcherEvents, listLanes, seedDispatcherState } from "@dispatcher/db";
import { pauseSending, readProviderPause, readScheduleStatus, redisNow } from "@dispatcher/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi({ running: true });
});
afterAll(async () => {
  await h?.close();
});

describe("dispatcher control", () => {
  it("GET shows the stored state, pace and the next run", async () => {
    const res = await h.inject({ method: "GET", url: "/api/v1/dispatcher" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ state: "running", intervalMs: 120_000, batchSize: 2, updatedBy: "system" });
    expect(Date.parse(body.nextRunAt)).not.toBeNaN();
  });

  it("stop removes the scheduler and pauses sending; repeating it changes nothing and audits once", async () => {
    const first = await h.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: "stopped", nextRunAt: null });
    expect(await readScheduleStatus(h.queues)).toMatchObject({ scheduled: false, sendPaused: true });

    const again = await h.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ state: "stopped" });
    const stops = (await listDispatcherEvents(h.db, { limit: 100 })).filter((e) => e.kind === "stop");
    expect(stops).toHaveLength(1);
    expect(stops[0]!.actor).toBe("ops");
  });

  it("the stopped state survives a restart: booting again does not auto-start it", async () => {
    const state = await seedDispatcherState(
      h.db,
      {
        running: true,
        lanes: [{ name: "bulk", intervalMs: 5_000, batchSize: 9, ahead: false, arrival: false }],
      },
      "system",
    );
    expect(state).toMatchObject({ running: false });
    expect(await listLanes(h.db)).toContainEqual(
      expect.objectContaining({ name: "bulk", intervalMs: 120_000, batchSize: 2 }),
    );
  });

  it("start creates the scheduler and resumes sending, and is audited", async () => {
    const res = await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe("running");
    // Ticks run every the greatest common divisor of the lane intervals: 1 s, with the defaults 2 min and 1 s.
    expect(await readScheduleStatus(h.queues)).toMatchObject({
      scheduled: true,
      intervalMs: 1_000,
      sendPaused: false,
    });
    const kinds = (await listDispatcherEvents(h.db, { limit: 100 })).map((e) => e.kind);
    expect(kinds).toEqual(["start", "stop", "start"]);
  });

  it("concurrent start and stop requests end in one consistent state with one scheduler", async () => {
    const requests = Array.from({ length: 10 }, (_, i) =>
      h.inject({ method: "POST", url: `/api/v1/dispatcher/${i % 2 === 0 ? "stop" : "start"}` }),
    );
    await Promise.all(requests);
    const final = (await h.inject({ method: "GET", url: "/api/v1/dispatcher" })).json();
    const schedule = await readScheduleStatus(h.queues);
    expect(schedule.scheduled).toBe(final.state === "running");
    expect(schedule.sendPaused).toBe(final.state === "stopped");
    expect((await h.queues.tick.getJobSchedulers()).length).toBe(final.state === "running" ? 1 : 0);
  });
});

describe("the content limit", () => {
  it("PATCH messageMaxLength changes what intake accepts, is audited, and rejects bad values naming the field", async () => {
    const long = "x".repeat(200);
    const refused = await h.inject({
      method: "POST",
      url: "/api/v1/messages",
      payload: { to: "+905551111111", content: long },
    });
    expect(refused.statusCode).toBe(400);
    const patched = await h.inject({
      method: "PATCH",
      url: "/api/v1/dispatcher",
      payload: { messageMaxLength: 300 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ messageMaxLength: 300 });
    const accepted = await h.inject({
      method: "POST",
      url: "/api/v1/messages",
      payload: { to: "+905551111111", content: long },
    });
    expect(accepted.statusCode).toBe(201);
    const config = (await listDispatcherEvents(h.db, { limit: 10 })).find((e) => e.kind === "config");
    expect(config?.details).toMatchObject({ from: { messageMaxLength: 160 }, to: { messageMaxLength: 300 } });
    for (const bad of [0, 1_601, 12.5, "300"]) {
      const res = await h.inject({
        method: "PATCH",
        url: "/api/v1/dispatcher",
        payload: { messageMaxLength: bad },
      });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().field).toBe("messageMaxLength");
    }
    expect((await h.inject({ method: "GET", url: "/api/v1/dispatcher" })).json().messageMaxLength).toBe(300);
  });
});

describe("provider pause", () => {
  it("GET shows a provider pause; start clears it at once and the audit trail names who", async () => {
    await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
    const before = await redisNow(h.queues);
    await pauseSending(h.queues, 86_400_000);
    const shown = (await h.inject({ method: "GET", url: "/api/v1/dispatcher" })).json();
    expect(shown.providerPause.remainingMs).toBeGreaterThan(86_000_000);
    expect(Date.parse(shown.providerPause.setAt)).toBeGreaterThanOrEqual(before.getTime());
    const started = await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ state: "running", providerPause: null });
    expect(await readProviderPause(h.queues)).toBeUndefined();
    const [latest] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(latest).toMatchObject({ kind: "provider-pause-cleared", actor: "ops" });
    expect((latest!.details as { remainingMs: number }).remainingMs).toBeGreaterThan(86_000_000);
  });

  it("stop clears it too, so a later start sends at once", async () => {
    await pauseSending(h.queues, 60_000);
    const stopped = await h.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
    expect(stopped.json()).toMatchObject({ state: "stopped", providerPause: null });
    expect(await readProviderPause(h.queues)).toBeUndefined();
    await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
  });
});
