import { setTimeout as sleep } from "node:timers/promises";
import { testQueuePrefix } from "@dispatcher/test-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRedisConnection, createSentCache, type RedisConnection } from "../src/index.js";

let redis: RedisConnection;

beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
});
afterAll(() => {
  redis.disconnect();
});

/** Live keys under `prefix` (SCAN leaves out expired ones). */
async function countKeys(prefix: string): Promise<number> {
  let cursor = "0";
  let count = 0;
  do {
    const [next, keys] = await (redis as import("ioredis").Redis).scan(
      cursor,
      "MATCH",
      `${prefix}:sent:*`,
      "COUNT",
      1_000,
    );
    cursor = next;
    count += keys.length;
  } while (cursor !== "0");
  return count;
}

describe("sent cache", () => {
  it("returns what was remembered and nothing for unknown ids, and sets a TTL", async () => {
    const prefix = testQueuePrefix();
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

  it("stays bounded at about rate × TTL entries however long sends go on", async () => {
    const prefix = testQueuePrefix();
    const ttlSeconds = 1;
    const cache = createSentCache(redis, { prefix, ttlSeconds });
    const batch = 100;
    const everyMs = 50; // 2,000 entries per second
    let id = 0;
    let peak = 0;
    const started = Date.now();
    while (Date.now() - started < 4_000) {
      const sentAt = new Date();
      await cache.remember(
        Array.from({ length: batch }, () => ({ id: ++id, providerMessageId: `p-${id}`, sentAt })),
      );
      peak = Math.max(peak, await countKeys(prefix));
      await sleep(everyMs);
    }
    const written = id;
    const perSecond = (written / (Date.now() - started)) * 1_000;
    // Four TTLs' worth were written; never much more than one TTL's worth was alive at once.
    expect(written).toBeGreaterThan(perSecond * ttlSeconds * 3);
    expect(peak).toBeLessThanOrEqual(Math.ceil(perSecond * ttlSeconds * 1.5) + batch);
    await sleep(ttlSeconds * 1_000 + 500);
    expect(await countKeys(prefix)).toBe(0);
  });
});
