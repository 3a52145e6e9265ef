import { eventually } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { countMessages, useFaultStack, waitForSent } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

const apiKey = "faults-operator-key";

describe("operator controls repair what a provider or the dashboard switched off", () => {
  it("a day-long Retry-After pauses sending until an operator's start clears it", async () => {
    const workerEnv = { PROVIDER_MAX_PAUSE_MS: "3600000", WORKER_CONCURRENCY: "2" };
    const stack = await startStack({ workers: 2, apis: 2, batchSize: 100, apiKey, workerEnv });
    await stack.setSwitches({ failNext: 1, failStatus: 429, retryAfter: "86400", latencyMs: 30 });
    const started = Date.now();
    await stack.insert(300);
    await eventually(
      async () => expect((await stack.answers()).some((a) => a.status === 429)).toBe(true),
      30_000,
      50,
    );
    await new Promise((r) => setTimeout(r, 3_000));
    const limitedAt = (await stack.answers()).find((a) => a.status === 429)!.at;
    // Sends in flight when the 429 came back may land just after it; then nothing for 3 s.
    const during = (await stack.answers()).filter((a) => a.at > limitedAt + 500);
    expect(during).toEqual([]);
    const state = await stack.api("GET", "/api/v1/dispatcher", undefined, 1);
    // A day asked for, PROVIDER_MAX_PAUSE_MS (1 h) granted.
    expect(state.body.providerPause.remainingMs).toBeGreaterThan(3_500_000);
    expect(await countMessages(stack, "sent")).toBeLessThan(300);

    const clearedAt = Date.now();
    expect((await stack.api("POST", "/api/v1/dispatcher/start")).status).toBe(200);
    await eventually(
      async () =>
        expect((await stack.answers()).some((a) => a.at > clearedAt && a.status === 202)).toBe(true),
      5_000,
      50,
    );
    const resumedAfterMs = (await stack.answers()).find((a) => a.at > clearedAt)!.at - clearedAt;
    expect(resumedAfterMs).toBeLessThan(3_000);
    await finishScenario(stack, "11. day-long Retry-After, cleared by an operator's start", started);
    const events = (await stack.api("GET", "/api/v1/dispatcher/events?limit=10")).body.items as Array<{
      kind: string;
      actor: string;
    }>;
    expect(events.some((e) => e.kind === "provider-pause-cleared" && e.actor === "ops")).toBe(true);
  });

  it("queues paused from the dashboard are resumed by the reconcile loop while the state says running", async () => {
    const stack = await startStack({ workers: 2, apis: 1, batchSize: 50, apiKey });
    const started = Date.now();
    await stack.insert(200);
    await waitForSent(stack, 20, { timeoutMs: 30_000, intervalMs: 50 });
    for (const queue of ["dispatch-tick", "send-message"]) {
      expect((await stack.api("PUT", `/admin/queues/api/queues/${queue}/pause`)).status).toBe(200);
    }
    await stack.insert(300);
    await finishScenario(stack, "12. tick and send queues paused from the dashboard", started, {
      drainTimeoutMs: 30_000,
    });
    const state = await stack.api("GET", "/api/v1/dispatcher");
    expect(state.body.state).toBe("running");
  });
});
