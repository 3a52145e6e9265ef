import { storableText } from "@dispatcher/db";
import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

const SEND_ATTEMPTS = 12;
const EVIL_ID = "evil\u0000\u001b[2J";
const LONG_ID = "m".repeat(5_000);

/** Each phase's switches, held for PHASE_MS while sends go on. */
const PHASES = [
  { failStatus: 429, failRate: 0.3, retryAfter: "0" },
  { failStatus: 429, failRate: 0.3, retryAfter: "soon, maybe" },
  { failStatus: 429, failRate: 0.3, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" },
  { failStatus: 429, failRate: 0.3, retryAfter: "9".repeat(300) },
  { failStatus: 503, failRate: 0.3, retryAfter: "86400", errorBody: `\u0000${"boom".repeat(10_000)}` },
  {
    failStatus: 0,
    failRate: 0,
    retryAfter: null,
    errorBody: null,
    acceptBody: JSON.stringify({ messageId: EVIL_ID }),
  },
  { acceptBody: JSON.stringify({ messageId: LONG_ID }) },
  { acceptBody: "Accepted\u0000 (not JSON)" },
  { acceptBody: null },
];
const PHASE_MS = 1_500;

describe("hostile provider answers", () => {
  it("no Retry-After, id or body a provider sends strands a message or crashes a worker", async () => {
    const workerEnv = { PROVIDER_MAX_PAUSE_MS: "2000", SEND_ATTEMPTS: String(SEND_ATTEMPTS) };
    const stack = await startStack({ workers: 2, apis: 1, intervalMs: 1_000, batchSize: 60, workerEnv });
    await stack.setSwitches({ latencyMs: 20 });
    const started = Date.now();
    await stack.insert(600);
    for (const phase of PHASES) {
      await stack.setSwitches(phase);
      await new Promise((r) => setTimeout(r, PHASE_MS));
    }
    const hostileIds = new Set([storableText(EVIL_ID, 255), `${"m".repeat(254)}…`, null]);
    await finishScenario(stack, "10. hostile provider answers (Retry-After, ids, bodies)", started, {
      alsoRightMessageId: (stored) => hostileIds.has(stored),
    });
    // At most SEND_ATTEMPTS POSTs per message plus its allowance of 429s (5 × SEND_ATTEMPTS).
    const perKey = new Map<string, number>();
    for (const answer of await stack.answers()) {
      if (answer.idempotencyKey)
        perKey.set(answer.idempotencyKey, (perKey.get(answer.idempotencyKey) ?? 0) + 1);
    }
    expect(Math.max(...perKey.values())).toBeLessThanOrEqual(SEND_ATTEMPTS * 6);
    const statuses = new Set((await stack.answers()).map((a) => a.status));
    expect([...statuses].sort()).toEqual([202, 429, 503]);
    for (const worker of stack.workers)
      expect(worker.child.exitCode, worker.output().slice(-2_000)).toBeNull();
    const stored = await stack.db
      .selectFrom("messages")
      .select("providerMessageId")
      .where("providerMessageId", "in", [storableText(EVIL_ID, 255), `${"m".repeat(254)}…`])
      .execute();
    expect(stored.length).toBeGreaterThan(0);
  });
});
