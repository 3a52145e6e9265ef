import { reconcileDispatcher } from "@dispatcher/control";
import { changeDispatcherState, getDispatcherState, listDispatcherEvents } from "@dispatcher/db";
import { pauseSending, readProviderPause, readScheduleStatus, redisNow } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { eventually, type PrivateRedis, startPrivateRedis } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startReconcileLoop } from "../src/control/reconcile-loop.js";
import { type ApiHarness, startApi } from "./api-harness.js";

const logger = createLogger({
  name: "reconcile-test",
  level: process.env.DEBUG_RECONCILE ? "debug" : "silent",
  pretty: false,
});
let h: ApiHarness | undefined;
let redis: PrivateRedis | undefined;
let stopLoop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopLoop?.();
  stopLoop = undefined;
  await h?.close();
  h = undefined;
  await redis?.stop();
  redis = undefined;
});

describe("the reconcile loop", () => {
  it("resumes a tick queue paused from the dashboard within one interval", async () => {
    h = await startApi({ running: true });
    stopLoop = startReconcileLoop(
      { db: h.db, queues: h.queues, logger },
      { intervalMs: 200, timeoutMs: 5_000 },
    );
    const paused = await h.inject({ method: "PUT", url: "/admin/queues/api/queues/dispatch-tick/pause" });
    expect(paused.statusCode).toBe(200);
    expect(await h.queues.tick.isPaused()).toBe(true);
    await eventually(async () => expect(await h!.queues.tick.isPaused()).toBe(false), 3_000, 50);
  });

  it("clears a provider pause that an operator's start raced with, and audits it as that operator's", async () => {
    h = await startApi({ running: true });
    // The 429 came back 2 s ago; the operator's start came after it; the worker's pause landed after both.
    await changeDispatcherState(
      h.db,
      { running: true, providerPauseClearedAt: await redisNow(h.queues) },
      "ops",
    );
    await pauseSending(h.queues, 600_000, 2_000);
    expect(await readProviderPause(h.queues)).toBeDefined();
    stopLoop = startReconcileLoop(
      { db: h.db, queues: h.queues, logger },
      { intervalMs: 200, timeoutMs: 5_000 },
    );
    await eventually(async () => expect(await readProviderPause(h!.queues)).toBeUndefined(), 3_000, 50);
    // The audit event is written right after the clear.
    await eventually(
      async () => {
        const events = await listDispatcherEvents(h!.db, { limit: 10 });
        expect(events.find((e) => e.kind === "provider-pause-cleared")).toMatchObject({ actor: "ops" });
      },
      3_000,
      50,
    );
  });

  it("keeps a provider pause asked for after the operator's last start", async () => {
    h = await startApi({ running: true });
    await changeDispatcherState(
      h.db,
      { running: true, providerPauseClearedAt: await redisNow(h.queues) },
      "ops",
    );
    await new Promise((r) => setTimeout(r, 20));
    await pauseSending(h.queues, 600_000);
    stopLoop = startReconcileLoop(
      { db: h.db, queues: h.queues, logger },
      { intervalMs: 100, timeoutMs: 5_000 },
    );
    await new Promise((r) => setTimeout(r, 600));
    expect((await readProviderPause(h.queues))?.remainingMs).toBeGreaterThan(500_000);
  });

  it("under a stalled Redis: Postgres stays free, /health blames Redis only, and passes go on after", async () => {
    redis = await startPrivateRedis();
    h = await startApi({ running: true, redisUrl: redis.url, redisCommandTimeoutMs: 500 });
    await reconcileDispatcher({ db: h.db, queues: h.queues });
    stopLoop = startReconcileLoop(
      { db: h.db, queues: h.queues, logger },
      { intervalMs: 50, timeoutMs: 1_000 },
    );
    const stall = redis.stall(4);
    await new Promise((r) => setTimeout(r, 1_500));
    const health = await h.app.inject({ method: "GET", url: "/health" });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: "degraded", postgres: "up", redis: "down" });
    // Every pooled connection is free for other work while Redis is stalled.
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => getDispatcherState(h!.db)));
    expect(Date.now() - started).toBeLessThan(1_000);
    await stall;
    // The loop goes on after the stall: a queue paused now is resumed by a later pass.
    await h.queues.send.pause();
    await eventually(
      async () =>
        expect(await readScheduleStatus(h!.queues)).toMatchObject({ scheduled: true, sendPaused: false }),
      5_000,
      50,
    );
  });

  it("a change made while Redis is down is stored, answered 503, and applied once Redis is back", async () => {
    redis = await startPrivateRedis();
    h = await startApi({ running: true, redisUrl: redis.url, redisCommandTimeoutMs: 500 });
    await reconcileDispatcher({ db: h.db, queues: h.queues });
    await redis.kill();
    const res = await h.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ statusCode: 503, error: "Service Unavailable" });
    expect(res.json().message).toMatch(/stored/);
    expect((await getDispatcherState(h.db))?.running).toBe(false);
    await redis.start();
    stopLoop = startReconcileLoop(
      { db: h.db, queues: h.queues, logger },
      { intervalMs: 100, timeoutMs: 5_000 },
    );
    await eventually(
      async () =>
        expect(await readScheduleStatus(h!.queues)).toMatchObject({ scheduled: false, sendPaused: true }),
      10_000,
      100,
    );
  });
});
