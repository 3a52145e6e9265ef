import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("scale-out", () => {
  it("3 workers and 2 APIs send 5,000 messages (batch 500, 1 s interval) exactly once", async () => {
    const stack = await startStack({ workers: 3, apis: 2, intervalMs: 1_000, batchSize: 500 });
    const started = Date.now();
    await stack.insert(5_000);
    await finishScenario(stack, "1. scale-out: 3 workers, 2 APIs", started);
    const state = await stack.api("GET", "/api/v1/dispatcher", undefined, 1);
    expect(state.body).toMatchObject({ state: "running", batchSize: 500 });
  });
});
