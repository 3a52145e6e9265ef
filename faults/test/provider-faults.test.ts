import { eventually } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { FAST_RECOVERY_WORKER_ENV } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();
const start = (workers: number, batchSize: number) =>
  startStack({ workers, apis: 1, intervalMs: 1_000, batchSize });

describe("provider faults", () => {
  it("500s for a while, then recovery: everything is sent", async () => {
    const stack = await start(2, 100);
    await stack.setSwitches({ failStatus: 500, failRate: 1 });
    const started = Date.now();
    await stack.insert(300);
    await eventually(
      async () => expect((await stack.received()).counters.rejected).toBeGreaterThan(100),
      30_000,
      100,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    await stack.setSwitches({ failRate: 0 });
    await finishScenario(stack, "6a. provider 500s, then recovers", started);
  });

  it("429 with Retry-After pauses sending on every worker for that long", async () => {
    const stack = await start(3, 300);
    await stack.setSwitches({ failNext: 1, failStatus: 429, retryAfterSeconds: 2 });
    const started = Date.now();
    await stack.insert(300);
    await finishScenario(stack, "6b. provider 429 + Retry-After 2 s", started);
    const answers = await stack.answers();
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    // Sends a worker had already taken when the 429 came back are in flight: they may still land
    // while a busy machine runs their attempt's first statement (a batch of 10 once landed 300+ ms
    // late on CI), but never more than the workers' send slots. Then nothing reaches the provider
    // until Retry-After has passed.
    const slots = 3 * Number(FAST_RECOVERY_WORKER_ENV.WORKER_CONCURRENCY);
    const late = answers.filter((a) => a.at > limited!.at && a.at < limited!.at + 1_900);
    expect(late.length).toBeLessThanOrEqual(slots);
    const inWindow = late.filter((a) => a.at > limited!.at + 1_000);
    expect(inWindow).toEqual([]);
    expect(answers.some((a) => a.at >= limited!.at + 1_900)).toBe(true);
  });

  it("timeouts: a request longer than PROVIDER_TIMEOUT_MS is retried with the same key", async () => {
    const stack = await start(2, 50);
    // Answers take 1.5 s; the workers give up after 1 s (PROVIDER_TIMEOUT_MS in the fault stack).
    await stack.setSwitches({ latencyMs: 1_500 });
    const started = Date.now();
    await stack.insert(100);
    await eventually(
      async () => expect((await stack.received()).counters.accepted).toBeGreaterThan(10),
      30_000,
      100,
    );
    await stack.setSwitches({ latencyMs: 0 });
    const result = await finishScenario(stack, "6c. provider timeouts, then recovers", started);
    // The provider finished the timed-out requests; the retries carried the same keys and were deduplicated.
    expect(result.repeatRequests).toBeGreaterThan(0);
  });

  it("a permanent 4xx fails only those messages while the rest flow", async () => {
    const stack = await start(2, 100);
    const rejected = new Set(Array.from({ length: 10 }, (_, i) => `+90555${1_000_000 + i * 30}`));
    await stack.setSwitches({ failRecipients: Object.fromEntries([...rejected].map((to) => [to, 400])) });
    const started = Date.now();
    await stack.insert(300);
    const result = await finishScenario(stack, "6d. permanent 400 for 10 recipients", started, {
      expectedFailed: (to) => rejected.has(to),
    });
    expect(result.failed).toBe(10);
    const failed = await stack.db
      .selectFrom("messages")
      .select(["lastError", "attempts"])
      .where("status", "=", "failed")
      .execute();
    expect(failed.every((m) => m.attempts === 1 && /400/.test(m.lastError ?? ""))).toBe(true);
  });
});
