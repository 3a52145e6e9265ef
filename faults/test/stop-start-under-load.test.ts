import { createDispatcherQueues, createRedisConnection, readScheduleStatus } from "@dispatcher/redis";
import { describe, expect, inject, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("stop/start under load", () => {
  it("20 rapid start/stop cycles from two APIs end in the last request's state with one scheduler", async () => {
    const prefix = `faults-stop-start-${Date.now()}`;
    const stack = await startStack({
      workers: 2,
      apis: 2,
      intervalMs: 1_000,
      batchSize: 100,
      queuePrefix: prefix,
    });
    const redis = createRedisConnection(inject("redisUrl"), "client");
    const queues = createDispatcherQueues({ connection: redis, prefix });
    try {
      const started = Date.now();
      await stack.insert(1_500);
      // 40 requests: 20 stop/start cycles, alternating between the two APIs, ending with a stop.
      for (let i = 0; i < 40; i++) {
        const action = i % 2 === 0 ? "start" : "stop";
        const res = await stack.api("POST", `/api/v1/dispatcher/${action}`, undefined, i % 2);
        expect(res.status).toBe(200);
      }
      for (const index of [0, 1]) {
        expect((await stack.api("GET", "/api/v1/dispatcher", undefined, index)).body.state).toBe("stopped");
      }
      expect(await readScheduleStatus(queues)).toMatchObject({ scheduled: false, sendPaused: true });
      // Then the last request is a start on the other API.
      await stack.api("POST", "/api/v1/dispatcher/start", undefined, 1);
      for (const index of [0, 1]) {
        expect((await stack.api("GET", "/api/v1/dispatcher", undefined, index)).body.state).toBe("running");
      }
      expect(await readScheduleStatus(queues)).toMatchObject({ scheduled: true, sendPaused: false });
      expect(await queues.tick.getJobSchedulers()).toHaveLength(1);
      await finishScenario(stack, "7. 20 stop/start cycles from 2 APIs", started);
    } finally {
      await queues.close();
      redis.disconnect();
    }
  });
});
