import { listDispatcherEvents, seedDispatcherState } from "@dispatcher/db";
import { readScheduleStatus } from "@dispatcher/queue";
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
    const stops = (await listDispatcherEvents(h.t.db, { limit: 100 })).filter((e) => e.kind === "stop");
    expect(stops).toHaveLength(1);
    expect(stops[0]!.actor).toBe("ops");
  });

  it("the stopped state survives a restart: booting again does not auto-start it", async () => {
    const state = await seedDispatcherState(
      h.t.db,
      { running: true, intervalMs: 5_000, batchSize: 9 },
      "system",
    );
    expect(state).toMatchObject({ running: false, intervalMs: 120_000, batchSize: 2 });
  });

  it("start creates the scheduler and resumes sending, and is audited", async () => {
    const res = await h.inject({ method: "POST", url: "/api/v1/dispatcher/start" });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe("running");
    expect(await readScheduleStatus(h.queues)).toMatchObject({
      scheduled: true,
      intervalMs: 120_000,
      sendPaused: false,
    });
    const kinds = (await listDispatcherEvents(h.t.db, { limit: 100 })).map((e) => e.kind);
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
