import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("graceful stop", () => {
  it("SIGTERM to workers and APIs mid-run lets in-flight sends finish; every process exits 0", async () => {
    const stack = await startStack({ workers: 2, apis: 2, intervalMs: 1_000, batchSize: 100 });
    await stack.setSwitches({ latencyMs: 200 });
    const started = Date.now();
    await stack.insert(600);
    const codes: Array<number | string> = [];
    await new Promise((r) => setTimeout(r, 1_500));
    codes.push(await stack.restartWorker(0, "SIGTERM"));
    codes.push(await stack.restartApi(1, "SIGTERM"));
    await new Promise((r) => setTimeout(r, 1_000));
    codes.push(await stack.restartWorker(1, "SIGTERM"));
    codes.push(await stack.restartApi(0, "SIGTERM"));
    expect(codes).toEqual([0, 0, 0, 0]);
    await finishScenario(stack, "3. graceful stop: SIGTERM workers and APIs", started);
    // A graceful stop never needs the orphan sweep: no send was abandoned, so none was repeated.
    expect((await stack.received()).counters.duplicates).toBe(0);
  });
});
