import { createRedisConnection, type RedisConnection } from "@dispatcher/redis";
import type { SpawnedApp } from "@dispatcher/testing";
import { afterEach, describe, expect, inject, it } from "vitest";
import { FAST_RECOVERY_WORKER_ENV, type FaultStack } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";
import { countMessages, useFaultStack } from "../src/use-fault-stack.js";

const MESSAGES = 200_000;
const WORKERS = 2;
/** SEND_WINDOW's default (packages/config's worker settings): the scenario runs with it. */
const SEND_WINDOW = 10_000;
/** Longest time without a message sent, while messages remain, that the scenario allows. */
const MOST_STALL_MS = 10_000;

/**
 * The Redis memory bound of docs/guarantees.md for this run, in bytes above what Redis held
 * before it: live send jobs (the window, and what the workers hold active) at 1 KB each, the
 * 10,000 completed jobs the send queue keeps at 1.5 KB, every message in the sent cache (the
 * drain is shorter than its TTL) at 300 B, and 16 MB fixed (the other queues, buffers).
 */
const MEMORY_BOUND =
  (SEND_WINDOW + WORKERS * Number(FAST_RECOVERY_WORKER_ENV.WORKER_CONCURRENCY)) * 1_024 +
  10_000 * 1_536 +
  MESSAGES * 300 +
  16 * 1024 * 1024;

let probe: RedisConnection | undefined;
afterEach(() => {
  probe?.disconnect();
  probe = undefined;
});
const startStack = useFaultStack();

async function usedMemory(redis: RedisConnection): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);
}

/** Samples the sent count and Redis's used_memory every second until `done` is set. */
function sampleEverySecond(stack: FaultStack, redis: RedisConnection) {
  const samples: { at: number; sent: number; memory: number }[] = [];
  let done = false;
  const running = (async () => {
    while (!done) {
      const [sent, memory] = await Promise.all([countMessages(stack, "sent"), usedMemory(redis)]);
      samples.push({ at: Date.now(), sent, memory });
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return {
    samples,
    stop: async () => {
      done = true;
      await running;
    },
  };
}

/**
 * The longest time in which the sent count did not grow while messages remained, and when it
 * ended (ms after the first sample).
 */
function longestStall(
  samples: { at: number; sent: number }[],
  total: number,
): { ms: number; endedAt: number } {
  const first = samples[0]?.at ?? 0;
  let longest = { ms: 0, endedAt: 0 };
  let since = first;
  let last = -1;
  for (const s of samples) {
    if (s.sent > last) {
      since = s.at;
      last = s.sent;
    } else if (s.sent < total && s.at - since > longest.ms)
      longest = { ms: s.at - since, endedAt: s.at - first };
  }
  return longest;
}

describe("draining a large campaign", () => {
  it("200,000 bulk messages at 10,000 a second, two workers, one killed mid-drain: each sent once, no stall, no Redis time-out, Redis memory bounded by the window", async () => {
    probe = createRedisConnection(inject("redisUrl"), "client");
    // ORPHAN_AFTER_MS at its default, as deployed (the fault stack's is 3 s, for quick recovery).
    const stack = await startStack({
      workers: WORKERS,
      apis: 1,
      intervalMs: 1_000,
      batchSize: 10_000,
      workerEnv: { ORPHAN_AFTER_MS: "60000" },
    });
    const before = await usedMemory(probe);
    const started = Date.now();
    await stack.insert(MESSAGES);
    const sampler = sampleEverySecond(stack, probe);
    // Mid-drain: worker 0 is killed (SIGKILL) with sends in flight, and started again.
    while ((await countMessages(stack, "sent")) < MESSAGES * 0.3) {
      await new Promise((r) => setTimeout(r, 500));
    }
    const killed: SpawnedApp = stack.workers[0]!;
    const killedAt = Date.now();
    await stack.restartWorker(0, "SIGKILL");
    const result = await finishScenario(
      stack,
      "30. a 200,000-message campaign at 10,000/s, two workers, one killed",
      started,
      {
        drainTimeoutMs: 480_000,
        figure: async () => {
          await sampler.stop();
          const peak = Math.max(...sampler.samples.map((s) => s.memory)) - before;
          const stall = longestStall(sampler.samples, MESSAGES);
          const killedAfter = ((killedAt - started) / 1000).toFixed(0);
          return `worker killed at ${killedAfter} s; longest time without a send ${(stall.ms / 1000).toFixed(0)} s (ending at ${(stall.endedAt / 1000).toFixed(0)} s); Redis memory peak +${(peak / 1024 / 1024).toFixed(1)} MB (bound ${(MEMORY_BOUND / 1024 / 1024).toFixed(1)} MB)`;
        },
      },
    );
    expect(result.duplicates).toBe(0);
    expect(longestStall(sampler.samples, MESSAGES).ms).toBeLessThan(MOST_STALL_MS);
    const peak = Math.max(...sampler.samples.map((s) => s.memory)) - before;
    expect(peak).toBeLessThanOrEqual(MEMORY_BOUND);
    for (const app of [killed, ...stack.workers, ...stack.apis]) {
      expect(app.output(), app.name).not.toContain("Command timed out");
    }
  }, 600_000);
});
