import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

// Convoy #1667, #1833: retries that stop too early, or never stop.

const startStack = useFaultStack();

const SEND_ATTEMPTS = 4;
/** Stated maximum: SEND_ATTEMPTS POSTs, plus 5 × SEND_ATTEMPTS answers of 429. */
const MAX_POSTS = SEND_ATTEMPTS * 6;
/** Stated bound for 200 messages to settle with these settings (backoff 100 ms doubling, pauses ≤ 1 s). */
const BOUND_MS = 45_000;
const WORKER_ENV = {
  SEND_ATTEMPTS: String(SEND_ATTEMPTS),
  SEND_BACKOFF_MS: "100",
  PROVIDER_MAX_PAUSE_MS: "1000",
};

describe("retries end", () => {
  it.each([
    [
      "503 to every request, with an unreadable Retry-After",
      { failStatus: 503, failRate: 1, retryAfter: "later" },
    ],
    ["429 to every request, Retry-After 0", { failStatus: 429, failRate: 1, retryAfter: "0" }],
  ])(
    "%s: every message ends failed within the bound, POSTed at most the stated maximum",
    async (name, switches) => {
      const stack = await startStack({ workers: 2, apis: 1, batchSize: 100, workerEnv: WORKER_ENV });
      await stack.setSwitches(switches);
      const started = Date.now();
      await stack.insert(200);
      let most = 0;
      const result = await finishScenario(stack, `24. retries end: ${name} (Convoy #1667)`, started, {
        drainTimeoutMs: BOUND_MS,
        expectedFailed: () => true,
        figure: async () => {
          const perKey = new Map<string, number>();
          for (const a of await stack.answers()) {
            if (a.idempotencyKey) perKey.set(a.idempotencyKey, (perKey.get(a.idempotencyKey) ?? 0) + 1);
          }
          most = Math.max(...perKey.values());
          return `all failed in ${((Date.now() - started) / 1000).toFixed(1)} s (bound ${BOUND_MS / 1000} s); most POSTs for one message ${most} (maximum ${MAX_POSTS})`;
        },
      });
      expect(result.failed).toBe(200);
      expect(most).toBeLessThanOrEqual(MAX_POSTS);
    },
  );
});
