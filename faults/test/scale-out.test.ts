import { afterAll, describe, expect, inject, it } from "vitest";
import { type FaultStack, startFaultStack } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";

let stack: FaultStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

describe("scale-out", () => {
  it("3 workers and 2 APIs send 5,000 messages (batch 500, 1 s interval) exactly once", async () => {
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      workers: 3,
      apis: 2,
      intervalMs: 1_000,
      batchSize: 500,
    });
    const started = Date.now();
    await stack.insert(5_000);
    await finishScenario(stack, "1. scale-out: 3 workers, 2 APIs", started);
    const state = await stack.api("GET", "/api/v1/dispatcher", undefined, 1);
    expect(state.body).toMatchObject({ state: "running", batchSize: 500 });
  });
});
