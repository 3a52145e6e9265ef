import { createTestDatabase, testQueuePrefix } from "@dispatcher/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RedisConnection } from "../src/index.js";
import {
  applyDispatcherState,
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  pauseSending,
  readProviderPause,
  readScheduleStatus,
  TICK_SCHEDULER_ID,
} from "../src/index.js";

let redis: RedisConnection;
let queues: DispatcherQueues;

beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
  queues = createDispatcherQueues({ connection: redis, prefix: testQueuePrefix() });
});
afterAll(async () => {
  await queues.tick.obliterate({ force: true });
  await queues.send.obliterate({ force: true });
  await queues.close();
  redis.disconnect();
});

const running = { running: true, intervalMs: 60_000, providerPauseClearedAt: null };
const stopped = { running: false, intervalMs: 30_000, providerPauseClearedAt: null };

describe("applyDispatcherState", () => {
  it("running creates the tick scheduler with the interval and resumes sending", async () => {
    await queues.send.pause();
    const { drift } = await applyDispatcherState(queues, running);
    expect(drift.sort()).toEqual(["scheduler", "send-queue-pause"]);
    const status = await readScheduleStatus(queues);
    expect(status).toMatchObject({
      scheduled: true,
      intervalMs: 60_000,
      sendPaused: false,
      tickPaused: false,
    });
    expect(status.nextRunAt).toBeInstanceOf(Date);
  });

  it("applying the same state again changes nothing", async () => {
    expect((await applyDispatcherState(queues, running)).drift).toEqual([]);
  });

  it("concurrent applies from several instances leave exactly one scheduler", async () => {
    await Promise.all(
      Array.from({ length: 5 }, () => applyDispatcherState(queues, { ...running, intervalMs: 30_000 })),
    );
    const schedulers = await queues.tick.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([TICK_SCHEDULER_ID]);
    expect(schedulers[0]?.every).toBe(30_000);
  });

  it("a tick queue paused from outside (the dashboard) is resumed, running or stopped", async () => {
    await queues.tick.pause();
    expect((await applyDispatcherState(queues, { ...running, intervalMs: 30_000 })).drift).toEqual([
      "tick-queue-pause",
    ]);
    expect(await queues.tick.isPaused()).toBe(false);
    await queues.tick.pause();
    const { drift } = await applyDispatcherState(queues, stopped);
    expect(drift).toContain("tick-queue-pause");
    expect(await queues.tick.isPaused()).toBe(false);
  });

  it("stopped removes the scheduler and pauses sending", async () => {
    await applyDispatcherState(queues, stopped);
    expect(await readScheduleStatus(queues)).toMatchObject({
      scheduled: false,
      nextRunAt: null,
      sendPaused: true,
    });
    expect(await queues.tick.getJobSchedulers()).toEqual([]);
  });
});

describe("provider pause", () => {
  it("the send limiter's own count of this second's jobs is not a pause", async () => {
    await redis.set(queues.send.keys.limiter!, "250", "PX", 1_000);
    expect(await readProviderPause(queues)).toBeUndefined();
    expect((await applyDispatcherState(queues, running)).drift).not.toContain("provider-pause");
    expect(await redis.get(queues.send.keys.limiter!)).toBe("250");
  });

  it("is kept while no operator started or stopped after the provider asked for it", async () => {
    await pauseSending(queues, 30_000, new Date());
    const { drift } = await applyDispatcherState(queues, {
      ...running,
      providerPauseClearedAt: new Date(Date.now() - 60_000),
    });
    expect(drift).not.toContain("provider-pause");
    const pause = await readProviderPause(queues);
    expect(pause?.remainingMs).toBeGreaterThan(25_000);
    expect(pause?.setAt).toBeInstanceOf(Date);
  });

  it("is cleared when an operator started after the provider asked for it", async () => {
    await pauseSending(queues, 86_400_000, new Date(Date.now() - 1_000));
    const { drift, clearedPauseMs } = await applyDispatcherState(queues, {
      ...running,
      providerPauseClearedAt: new Date(),
    });
    expect(drift).toContain("provider-pause");
    expect(clearedPauseMs).toBeGreaterThan(86_000_000);
    expect(await readProviderPause(queues)).toBeUndefined();
    expect(await queues.send.getRateLimitTtl()).toBeLessThanOrEqual(0);
  });

  it("is cleared when no provider asked for it (a rate limit set from the dashboard)", async () => {
    await queues.send.rateLimit(600_000);
    const pause = await readProviderPause(queues);
    expect(pause).toMatchObject({ setAt: null });
    expect((await applyDispatcherState(queues, running)).drift).toContain("provider-pause");
    expect(await readProviderPause(queues)).toBeUndefined();
  });
});

// The database isn't needed here, but creating one proves the shared setup works from this package.
describe("test isolation", () => {
  it("each test file gets its own database", async () => {
    const a = await createTestDatabase(inject("databaseUrl"));
    const b = await createTestDatabase(inject("databaseUrl"));
    expect(a.url).not.toBe(b.url);
    await Promise.all([a.drop(), b.drop()]);
  });
});
