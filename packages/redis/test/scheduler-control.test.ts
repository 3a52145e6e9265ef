import { TICK_SCHEDULER_ID } from "@dispatcher/core";
import { testQueuePrefix } from "@dispatcher/test-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RedisConnection } from "../src/index.js";
import {
  applyDispatcherState,
  clearProviderPause,
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  pauseSending,
  readProviderPause,
  readScheduleStatus,
  redisNow,
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

/** A running dispatcher with two lanes, every `bulk` and every `transactional` ms. */
const lanes = (bulk: number, transactional = 86_400_000) => ({ laneIntervalsMs: [transactional, bulk] });
const running = { running: true, ...lanes(60_000), providerPauseClearedAt: null };
const stopped = { ...running, running: false, ...lanes(30_000) };

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
      Array.from({ length: 5 }, () => applyDispatcherState(queues, { ...running, ...lanes(30_000) })),
    );
    const schedulers = await queues.tick.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([TICK_SCHEDULER_ID]);
    expect(schedulers[0]?.every).toBe(30_000);
  });

  it.each([
    [30_000, 5_000, 5_000],
    [30_000, 40_000, 10_000],
    [11_500, 10_000, 500],
    [120_007, 10_000, 100],
    [30_000, 86_400_000, 30_000],
  ])(
    "bulk every %i ms and transactional every %i ms: ticks every %i ms, so both lanes' turns fall on ticks",
    async (bulk, transactional, every) => {
      await applyDispatcherState(queues, { ...running, ...lanes(bulk, transactional) });
      expect((await readScheduleStatus(queues)).intervalMs).toBe(every);
    },
  );

  it("with a third lane, ticks every the greatest common divisor of all three", async () => {
    await applyDispatcherState(queues, { ...running, laneIntervalsMs: [10_000, 120_000, 15_000] });
    expect((await readScheduleStatus(queues)).intervalMs).toBe(5_000);
    await applyDispatcherState(queues, { ...running, ...lanes(30_000) });
  });

  it("a tick queue paused from outside (the dashboard) is resumed, running or stopped", async () => {
    await queues.tick.pause();
    expect((await applyDispatcherState(queues, { ...running, ...lanes(30_000) })).drift).toEqual([
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
    await pauseSending(queues, 30_000);
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
    await pauseSending(queues, 86_400_000, 1_000);
    const { drift, clearedPauseMs } = await applyDispatcherState(queues, {
      ...running,
      providerPauseClearedAt: await redisNow(queues),
    });
    expect(drift).toContain("provider-pause");
    expect(clearedPauseMs).toBeGreaterThan(86_000_000);
    expect(await readProviderPause(queues)).toBeUndefined();
    expect(await queues.send.getRateLimitTtl()).toBeLessThanOrEqual(0);
  });

  it("is only ever extended: a shorter ask while a longer pause holds changes nothing", async () => {
    await pauseSending(queues, 60_000);
    const first = await readProviderPause(queues);
    await pauseSending(queues, 1_000);
    const after = await readProviderPause(queues);
    expect(after?.remainingMs).toBeGreaterThan(55_000);
    expect(after?.record).toBe(first?.record);
    await pauseSending(queues, 120_000, 5);
    expect((await readProviderPause(queues))?.remainingMs).toBeGreaterThan(115_000);
    await clearProviderPause(queues, (await readProviderPause(queues))!);
  });

  it("a clear removes only the pause it saw, never a newer one", async () => {
    await pauseSending(queues, 30_000, 2_000);
    const seen = (await readProviderPause(queues))!;
    // A new 429 extends the pause meanwhile, with a newer note.
    await pauseSending(queues, 90_000);
    expect(await clearProviderPause(queues, seen)).toBe(0);
    const kept = (await readProviderPause(queues))!;
    expect(kept.remainingMs).toBeGreaterThan(85_000);
    expect(await clearProviderPause(queues, kept)).toBeGreaterThan(85_000);
    expect(await readProviderPause(queues)).toBeUndefined();
  });

  it("notes when the provider answered on Redis's clock, however late the note is written", async () => {
    const before = await redisNow(queues);
    await pauseSending(queues, 10_000, 3_000);
    const pause = (await readProviderPause(queues))!;
    expect(pause.setAt!.getTime()).toBeLessThanOrEqual(before.getTime() - 2_900);
    expect(pause.setAt!.getTime()).toBeGreaterThan(before.getTime() - 3_500);
    await clearProviderPause(queues, pause);
  });

  it("is cleared when no provider asked for it (a rate limit set from the dashboard)", async () => {
    await queues.send.rateLimit(600_000);
    const pause = await readProviderPause(queues);
    expect(pause).toMatchObject({ setAt: null });
    expect((await applyDispatcherState(queues, running)).drift).toContain("provider-pause");
    expect(await readProviderPause(queues)).toBeUndefined();
  });
});
