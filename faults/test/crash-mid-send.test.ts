import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { countMessages, useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("crash mid-send", () => {
  it("kill -9 of a worker with sends in flight, three times, loses and duplicates nothing", async () => {
    const stack = await startStack({ workers: 2, apis: 1, intervalMs: 1_000, batchSize: 150 });
    // A slow provider: every send is in flight for 300 ms.
    await stack.setSwitches({ latencyMs: 300 });
    const started = Date.now();
    await stack.insert(600);
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await countMessages(stack, "sending")).toBeGreaterThan(0);
      expect(await stack.restartWorker(0, "SIGKILL")).toBe("SIGKILL");
    }
    const result = await finishScenario(stack, "2. crash mid-send: kill -9 ×3", started);
    // Sends cut off by the kills were repeated with the same key, and the provider deduplicated them.
    expect(result.repeatRequests).toBeGreaterThan(0);
  });
});
