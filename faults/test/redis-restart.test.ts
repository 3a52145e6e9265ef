import { createDispatcherQueues, createRedisConnection, readScheduleStatus } from "@dispatcher/redis";
import { eventually, startPrivateRedis } from "@dispatcher/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack, waitForSent } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("Redis restart, empty", () => {
  it("restores the scheduler and paused state from Postgres and re-enqueues every claimed message", async () => {
    const redis = await startPrivateRedis();
    onTestFinished(() => redis.stop());
    const prefix = "faults-redis-restart";
    const stack = await startStack({
      redisUrl: redis.url,
      workers: 2,
      apis: 1,
      intervalMs: 1_000,
      batchSize: 100,
      queuePrefix: prefix,
    });
    await stack.setSwitches({ latencyMs: 50 });
    const probe = createRedisConnection(redis.url, "client");
    const queues = createDispatcherQueues({ connection: probe, prefix });
    try {
      const started = Date.now();
      await stack.insert(1_000);
      await waitForSent(stack, 200, { timeoutMs: 60_000, intervalMs: 100 });
      // Everything in Redis is gone: the scheduler, queued and in-flight jobs.
      await redis.restartEmpty();
      // Within one interval (plus the API's 1 s reconcile) the scheduler is back.
      await eventually(
        async () => expect((await readScheduleStatus(queues)).scheduled).toBe(true),
        5_000,
        100,
      );
      await finishScenario(stack, "4. Redis restart, empty (running)", started);

      // A stopped dispatcher stays stopped through a Redis restart.
      expect((await stack.api("POST", "/api/v1/dispatcher/stop")).status).toBe(200);
      await redis.restartEmpty();
      await eventually(
        async () => expect((await readScheduleStatus(queues)).sendPaused).toBe(true),
        5_000,
        100,
      );
      expect((await readScheduleStatus(queues)).scheduled).toBe(false);
      const before = (await stack.received()).counters.requests;
      await stack.insert(50);
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await stack.received()).counters.requests).toBe(before);
      expect((await stack.api("POST", "/api/v1/dispatcher/start")).status).toBe(200);
      await finishScenario(stack, "4. Redis restart, empty (stopped, then started)", started);
    } finally {
      await queues.close();
      probe.disconnect();
    }
  });
});
