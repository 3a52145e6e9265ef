import { testQueuePrefix } from "@dispatcher/test-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  reserveThroughput,
  throughputKey,
} from "../src/index.js";

let connections: RedisConnection[];
let workers: DispatcherQueues[];
const prefix = testQueuePrefix();

beforeAll(() => {
  // Two connections with their own queues: two workers sharing one bucket.
  connections = [0, 1].map(() => createRedisConnection(inject("redisUrl"), "client"));
  workers = connections.map((connection) => createDispatcherQueues({ connection, prefix }));
});
afterAll(async () => {
  await Promise.all(workers.map((q) => q.close()));
  for (const c of connections) c.disconnect();
});

let n = 0;
const fresh = () => `t${n++}-${Date.now()}`;

describe("a provider's throughput bucket in Redis (reserveThroughput)", () => {
  it("lets a burst through at once, then gives every later caller its own slot at the steady rate", async () => {
    const p = fresh();
    const limit = { perSecond: 10, burst: 3 };
    const calls: { wait: number; before: number; after: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const before = performance.now();
      const { waitMs } = await reserveThroughput(workers[i % 2]!, { provider: p, segments: 1, limit });
      calls.push({ wait: waitMs, before, after: performance.now() });
    }
    expect(calls.slice(0, 3).map((c) => c.wait)).toEqual([0, 0, 0]);
    // 100 ms per segment: the 4th, 5th and 6th slots begin 100, 200 and 300 ms after the first
    // call (each measured from when its call was made, however slow the machine is).
    const first = calls[0]!;
    for (const [i, call] of calls.slice(3).entries()) {
      expect(call.after + call.wait - first.before).toBeGreaterThanOrEqual(100 * (i + 1) - 2);
      expect(call.before + call.wait - first.after).toBeLessThanOrEqual(100 * (i + 1) + 2);
    }
  });

  it("charges a multi-segment message its segments, and a burst of 0 means one second's worth", async () => {
    const p = fresh();
    const limit = { perSecond: 4, burst: 0 };
    const started = performance.now();
    // One second's worth is 4 segments: a 3-segment message and a 1-segment one go at once.
    expect(await reserveThroughput(workers[0]!, { provider: p, segments: 3, limit })).toEqual({
      reserved: true,
      waitMs: 0,
    });
    const firstAnswered = performance.now();
    expect(await reserveThroughput(workers[1]!, { provider: p, segments: 1, limit })).toEqual({
      reserved: true,
      waitMs: 0,
    });
    // The next 2-segment message waits for 2 segments' time: its slot begins 500 ms after the first.
    const before = performance.now();
    const { waitMs: wait } = await reserveThroughput(workers[0]!, { provider: p, segments: 2, limit });
    expect(performance.now() + wait - started).toBeGreaterThanOrEqual(498);
    expect(before + wait - firstAnswered).toBeLessThanOrEqual(502);
  });

  it("a message of more segments than burst and horizon allow still gets a slot, charged in full", async () => {
    const p = fresh();
    // 1 segment a second, burst 1, horizon 10 s: 12 segments never fit the tolerance.
    const limit = { perSecond: 1, burst: 1 };
    expect(await reserveThroughput(workers[0]!, { provider: p, segments: 12, limit })).toEqual({
      reserved: true,
      waitMs: 0,
    });
    // The next send waits for the big one's 12 seconds, past the horizon: not reserved yet.
    expect(await reserveThroughput(workers[1]!, { provider: p, segments: 1, limit })).toMatchObject({
      reserved: false,
    });
  });

  it("concurrent callers on two connections never share a slot", async () => {
    const p = fresh();
    const limit = { perSecond: 100, burst: 1 };
    const waits = await Promise.all(
      Array.from(
        { length: 40 },
        async (_, i) =>
          (await reserveThroughput(workers[i % 2]!, { provider: p, segments: 1, limit })).waitMs,
      ),
    );
    // 10 ms apart: 40 distinct slots spread over about 390 ms.
    const sorted = [...waits].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(8);
    expect(sorted.at(-1)).toBeGreaterThan(350);
  });

  it("reserves no slot beyond the horizon: the caller asks again later, and the bucket is unchanged", async () => {
    const p = fresh();
    const limit = { perSecond: 10, burst: 1 };
    // 100 ms a segment, a 250 ms horizon: slots at 0, 100, 200 ms, then none.
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await reserveThroughput(workers[0]!, { provider: p, segments: 1, limit, horizonMs: 250 }));
    expect(answers.slice(0, 3).every((a) => a.reserved)).toBe(true);
    expect(answers.slice(3).map((a) => a.reserved)).toEqual([false, false]);
    // Not reserved: the wait is still only up to the 4th slot, and at most the horizon.
    expect(answers[3]!.waitMs).toBeGreaterThan(200);
    expect(answers[4]!.waitMs).toBeLessThanOrEqual(250);
    // Once the slots taken have passed, a higher limit applies to every call.
    await new Promise((r) => setTimeout(r, 300));
    const faster = [];
    for (let i = 0; i < 5; i++) {
      faster.push(
        await reserveThroughput(workers[1]!, {
          provider: p,
          segments: 1,
          limit: { perSecond: 1_000, burst: 1 },
          horizonMs: 250,
        }),
      );
    }
    expect(faster.every((a) => a.reserved && a.waitMs <= 10)).toBe(true);
  });

  it("keeps the bucket under the queue prefix, expiring once it has drained", async () => {
    const p = fresh();
    await reserveThroughput(workers[0]!, { provider: p, segments: 1, limit: { perSecond: 1, burst: 1 } });
    const key = throughputKey(workers[0]!, p);
    expect(key.startsWith(prefix)).toBe(true);
    const ttl = await connections[0]!.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(2_000);
  });
});
