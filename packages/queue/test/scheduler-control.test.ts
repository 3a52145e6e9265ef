import { createTestDatabase, testQueuePrefix } from "@dispatcher/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RedisConnection } from "../src/index.js";
import {
  applyDispatcherState,
  createDispatcherQueues,
  createRedisConnection,
  createSentCache,
  type DispatcherQueues,
  readScheduleStatus,
  TICK_SCHEDULER_ID,
} from "../src/index.js";

let redis: RedisConnection;
let queues: DispatcherQueues;
let prefix: string;

beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
  prefix = testQueuePrefix();
  queues = createDispatcherQueues({ connection: redis, prefix });
});
afterAll(async () => {
  await queues.tick.obliterate({ force: true });
  await queues.send.obliterate({ force: true });
  await queues.close();
  redis.disconnect();
});

describe("applyDispatcherState", () => {
  it("running creates the tick scheduler with the interval and resumes sending", async () => {
    await queues.send.pause();
    expect(await applyDispatcherState(queues, { running: true, intervalMs: 60_000, batchSize: 2 })).toBe(
      true,
    );
    const status = await readScheduleStatus(queues);
    expect(status).toMatchObject({ scheduled: true, intervalMs: 60_000, sendPaused: false });
    expect(status.nextRunAt).toBeInstanceOf(Date);
  });

  it("applying the same state again changes nothing", async () => {
    expect(await applyDispatcherState(queues, { running: true, intervalMs: 60_000, batchSize: 2 })).toBe(
      false,
    );
  });

  it("concurrent applies from several instances leave exactly one scheduler", async () => {
    await Promise.all(
      Array.from({ length: 5 }, () =>
        applyDispatcherState(queues, { running: true, intervalMs: 30_000, batchSize: 2 }),
      ),
    );
    const schedulers = await queues.tick.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([TICK_SCHEDULER_ID]);
    expect(schedulers[0]?.every).toBe(30_000);
  });

  it("stopped removes the scheduler and pauses sending", async () => {
    expect(await applyDispatcherState(queues, { running: false, intervalMs: 30_000, batchSize: 2 })).toBe(
      true,
    );
    expect(await readScheduleStatus(queues)).toMatchObject({
      scheduled: false,
      nextRunAt: null,
      sendPaused: true,
    });
    expect(await queues.tick.getJobSchedulers()).toEqual([]);
  });
});

describe("sent cache", () => {
  it("returns what was remembered and nothing for unknown ids, and sets a TTL", async () => {
    const cache = createSentCache(redis, { prefix, ttlSeconds: 120 });
    const sentAt = new Date("2026-01-02T03:04:05.678Z");
    await cache.remember([{ id: 7, providerMessageId: "abc", sentAt }]);
    const found = await cache.lookup([7, 8]);
    expect(found.get(7)).toEqual({ providerMessageId: "abc", sentAt });
    expect(found.has(8)).toBe(false);
    const ttl = await redis.ttl(`${prefix}:sent:7`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
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
