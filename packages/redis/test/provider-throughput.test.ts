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

  it("reserves no slot beyond the horizon: the caller gets a place in line, and a higher limit applies once the slots taken have passed", async () => {
    const p = fresh();
    const limit = { perSecond: 10, burst: 1 };
    // 100 ms a segment, a 250 ms horizon: slots at 0, 100, 200 ms, then places in line.
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await reserveThroughput(workers[0]!, { provider: p, segments: 1, limit, horizonMs: 250 }));
    expect(answers.slice(0, 3).every((a) => a.reserved)).toBe(true);
    expect(answers.slice(3).map((a) => a.reserved)).toEqual([false, false]);
    // Each place is where its slot would begin were the places before it slots: 300, then 400 ms.
    expect(answers[3]!.waitMs).toBeGreaterThan(280);
    expect(answers[3]!.waitMs).toBeLessThanOrEqual(300);
    expect(answers[4]!.waitMs - answers[3]!.waitMs).toBeGreaterThanOrEqual(95);
    expect(answers[4]!.waitMs - answers[3]!.waitMs).toBeLessThanOrEqual(105);
    // Each asks again half a horizon before its place.
    for (const a of answers.slice(3)) {
      if (a.reserved) throw new Error("reserved");
      expect(a.askAgainMs).toBe(a.waitMs - 125);
    }
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

  it("a caller holding a place keeps it, never ahead of the bucket's next slot, and the line does not grow", async () => {
    const p = fresh();
    const limit = { perSecond: 10, burst: 1 };
    const ask = (heldPlaceMs?: number) =>
      reserveThroughput(workers[0]!, { provider: p, segments: 1, limit, horizonMs: 1_000, heldPlaceMs });
    // Eleven slots fill the 1 s horizon (0 to 1,000 ms); then three places: 1,100, 1,200, 1,300 ms.
    for (let i = 0; i < 11; i++) expect((await ask()).reserved).toBe(true);
    const places = [await ask(), await ask(), await ask()];
    expect(places.map((a) => a.reserved)).toEqual([false, false, false]);
    const [first, , third] = places.map((a) => a.waitMs);
    // The third place asks again: it keeps its place, and the line behind it is unchanged.
    const again = await ask(third! - 20);
    expect(again.reserved).toBe(false);
    expect(again.waitMs).toBeGreaterThan(third! - 80);
    expect(again.waitMs).toBeLessThanOrEqual(third!);
    const newcomer = await ask();
    expect(newcomer.waitMs).toBeGreaterThan(third! + 40);
    expect(newcomer.waitMs).toBeLessThanOrEqual(third! + 100);
    // A place already passed (the caller came back late) is the bucket's next slot, still in line
    // behind the slots taken (and answered past the horizon, so it never reads as a slot).
    const late = await ask(-5_000);
    expect(late.reserved).toBe(false);
    expect(late.waitMs).toBeGreaterThan(1_000);
    expect(late.waitMs).toBeLessThanOrEqual(first!);
  });

  it("a line of callers asks again in turn, each once its place comes within the horizon, and all of them get slots at the rate", async () => {
    const p = fresh();
    const limit = { perSecond: 50, burst: 1 };
    // 20 ms a segment, a 200 ms horizon: 40 callers, 11 slots at once, 29 in line up to 780 ms out.
    type Caller = { place?: number; slotAt?: number; asks: number };
    const callers: Caller[] = Array.from({ length: 40 }, () => ({ asks: 0 }));
    const started = Date.now();
    const run = async (c: Caller) => {
      for (;;) {
        c.asks++;
        const now = Date.now();
        const a = await reserveThroughput(workers[c.asks % 2]!, {
          provider: p,
          segments: 1,
          limit,
          horizonMs: 200,
          heldPlaceMs: c.place === undefined ? undefined : c.place - now,
        });
        if (a.reserved) {
          c.slotAt = now + a.waitMs - started;
          return;
        }
        c.place = now + a.waitMs;
        await new Promise((r) => setTimeout(r, a.askAgainMs));
      }
    };
    await Promise.all(callers.map(run));
    const slots = callers.map((c) => c.slotAt!).sort((a, b) => a - b);
    // 40 distinct slots 20 ms apart (as the callers' clocks saw them): about 780 ms in all.
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(10);
    expect(slots.at(-1)! - slots[0]!).toBeLessThan(1_200);
    // Each caller in line asked again about once, not every few milliseconds.
    expect(Math.max(...callers.map((c) => c.asks))).toBeLessThanOrEqual(3);
  });

  it("keeps the line under the queue prefix too, expiring once its places have passed", async () => {
    const p = fresh();
    const limit = { perSecond: 10, burst: 1 };
    for (let i = 0; i < 3; i++)
      await reserveThroughput(workers[0]!, { provider: p, segments: 1, limit, horizonMs: 100 });
    const ttl = await connections[0]!.pttl(`${throughputKey(workers[0]!, p)}:line`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_400);
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
