import { APP_ENTRY, eventually, freePort, spawnApp, startPrivateRedis } from "@dispatcher/testing";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { FAST_RECOVERY_WORKER_ENV, type FaultStack } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";
import { countMessages, useFaultStack, waitForSent } from "../src/use-fault-stack.js";

// BullMQ #2964, #2466, #648: workers that never resume after a Redis restart that keeps its data,
// or after a failover cuts their connections. And the BullMQ production guide: a Redis with an
// eviction policy silently drops queue keys.

const startStack = useFaultStack();

/** Stated bound: sends resume within this long after Redis answers again, with no restart. */
const RESUME_BOUND_MS = 15_000;

/** More sends than the workers can have in flight at once: only fetched after `from`. */
const FRESH_SENDS = 2 * 2 * Number(FAST_RECOVERY_WORKER_ENV.WORKER_CONCURRENCY);

/**
 * Milliseconds from `from` until the provider has accepted FRESH_SENDS messages after it, so the
 * workers must have fetched new jobs (rejects after the bound).
 */
async function resumedAfter(s: FaultStack, from: number): Promise<number> {
  let at = 0;
  await eventually(
    async () => {
      const accepted = (await s.answers()).filter((a) => a.at > from && a.status === 202);
      if (accepted.length < FRESH_SENDS) throw new Error(`${accepted.length} sends since Redis came back`);
      at = accepted[FRESH_SENDS - 1]!.at;
    },
    RESUME_BOUND_MS,
    100,
  );
  return at - from;
}

describe("Redis restarts that keep the data", () => {
  it("a restart with the append-only file, then a failover's client kill: sends resume without restarting workers", async () => {
    const redis = await startPrivateRedis({ persist: true });
    onTestFinished(() => redis.stop());
    const stack = await startStack({ redisUrl: redis.url, workers: 2, apis: 1, batchSize: 100 });
    await stack.setSwitches({ latencyMs: 20 });
    const started = Date.now();
    await stack.insert(1_500);
    await waitForSent(stack, 200, { timeoutMs: 60_000, intervalMs: 100 });

    const restart = redis.restartKeepingData(3_000);
    await eventually(
      async () =>
        expect((await stack.api("GET", "/health")).body).toMatchObject({
          status: "degraded",
          redis: "down",
        }),
      3_000,
      100,
    );
    await restart;
    const afterRestart = await resumedAfter(stack, Date.now());
    const beforeKill = await countMessages(stack, "sent");
    expect(beforeKill).toBeLessThan(1_500);

    await redis.killClients();
    const afterKill = await resumedAfter(stack, Date.now());
    await finishScenario(
      stack,
      "17. Redis restarted keeping its data, then clients killed (BullMQ #2964)",
      started,
      {
        figure: () =>
          `${FRESH_SENDS} fresh sends within ${afterRestart} ms of the restart and ${afterKill} ms of the client kill (bound ${RESUME_BOUND_MS} ms)`,
      },
    );
    for (const worker of stack.workers) expect(worker.child.exitCode).toBeNull();
    expect((await stack.api("GET", "/health")).body).toEqual({ status: "up", postgres: "up", redis: "up" });
  });
});

describe("a Redis that may evict keys", () => {
  it("is refused at start by the API and the worker; with REDIS_ALLOW_EVICTION they run and /health shows the policy", async () => {
    const redis = await startPrivateRedis({ args: ["--maxmemory-policy", "allkeys-lru"] });
    onTestFinished(() => redis.stop());
    const env = { DATABASE_URL: inject("databaseUrl"), REDIS_URL: redis.url, WORKER_METRICS_PORT: "0" };
    const api = spawnApp("api", APP_ENTRY.api, { ...env, API_PORT: String(await freePort()) });
    const worker = spawnApp("worker", APP_ENTRY.worker, env);
    expect(await api.exited).toBe(1);
    expect(await worker.exited).toBe(1);
    for (const app of [api, worker]) {
      expect(app.output()).toMatch(/maxmemory-policy is allkeys-lru.*noeviction.*REDIS_ALLOW_EVICTION=true/s);
    }

    const stack = await startStack({
      redisUrl: redis.url,
      workers: 1,
      apis: 1,
      batchSize: 100,
      apiEnv: { REDIS_ALLOW_EVICTION: "true" },
      workerEnv: { REDIS_ALLOW_EVICTION: "true" },
    });
    const started = Date.now();
    await stack.insert(200);
    await finishScenario(
      stack,
      "18. Redis with maxmemory-policy allkeys-lru (refused; allowed by setting)",
      started,
      {
        figure: () => "API and worker exited 1 at start, naming the policy; allowed, /health shows it",
      },
    );
    expect((await stack.api("GET", "/health")).body).toMatchObject({
      status: "up",
      redisEvictionPolicy: "allkeys-lru",
    });
    expect(stack.apis[0]!.output()).toContain("Redis may DELETE queued jobs");
  });
});
