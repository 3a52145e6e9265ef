import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, inject, it } from "vitest";
import { FAST_RECOVERY_WORKER_ENV, type FaultStack, startFaultStack } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";

// BullMQ #439 (a blocked event loop loses the lock to another worker), VA Notify #2473 (a replayed
// item picked up by two workers), graphile-worker #222 and pg-boss #469 (a crash between a claim's
// commit and the enqueue).

let stack: FaultStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Requests the provider answered, per Idempotency-Key. */
async function requestsPerKey(s: FaultStack): Promise<Map<string, number>> {
  const perKey = new Map<string, number>();
  for (const a of await s.answers()) {
    if (a.idempotencyKey) perKey.set(a.idempotencyKey, (perKey.get(a.idempotencyKey) ?? 0) + 1);
  }
  return perKey;
}

describe("workers that stall or die at the worst moment", () => {
  it("a worker whose event loop blocks past its lock mid-send: every message recorded once, one key each", async () => {
    const lockMs = Number(FAST_RECOVERY_WORKER_ENV.WORKER_LOCK_DURATION_MS);
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      workers: 2,
      apis: 1,
      batchSize: 100,
      workerEnvOf: (i): Record<string, string> =>
        i === 0 ? { FAULT_BLOCK_EVENT_LOOP_MS: String(lockMs + 3_000) } : {},
    });
    await stack.setSwitches({ latencyMs: 50 });
    const started = Date.now();
    await stack.insert(300);
    await eventually(
      async () => expect(stack!.workers[0]!.output()).toContain("blocking the event loop"),
      30_000,
      100,
    );
    const result = await finishScenario(
      stack,
      "19. event loop blocked past the lock mid-send (BullMQ #439)",
      started,
      {
        figure: async () => {
          const perKey = await requestsPerKey(stack!);
          return `blocked ${lockMs + 3_000} ms (lock ${lockMs} ms); ${[...perKey.values()].filter((n) => n > 1).length} keys sent again and deduplicated`;
        },
      },
    );
    expect(result.duplicates).toBe(0);
    // The blocked worker's sends really were taken over and sent again (under the same keys).
    expect(result.repeatRequests).toBeGreaterThan(0);
  });

  it("ORPHAN_AFTER_MS shorter than the provider's latency: no second POST while the first is in flight", async () => {
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      workers: 2,
      apis: 1,
      batchSize: 40,
      workerEnv: { ORPHAN_AFTER_MS: "1000", PROVIDER_TIMEOUT_MS: "10000" },
    });
    await stack.setSwitches({ latencyMs: 3_000 });
    const started = Date.now();
    await stack.insert(120);
    let most = 0;
    await finishScenario(
      stack,
      "20. orphan sweep shorter than the provider's latency (VA Notify #2473)",
      started,
      {
        figure: async () => {
          most = Math.max(...(await requestsPerKey(stack!)).values());
          return `provider latency 3 s, ORPHAN_AFTER_MS 1 s; most requests for one key: ${most}`;
        },
      },
    );
    expect(most).toBe(1);
  });

  it("a worker killed right after its claim commits, before enqueuing: every claimed message is sent within ORPHAN_AFTER_MS + one interval of a worker being up", async () => {
    const orphanAfterMs = Number(FAST_RECOVERY_WORKER_ENV.ORPHAN_AFTER_MS);
    // One worker, so the crash is certain (with two, the other may take every tick); its
    // replacement runs without the switch.
    let crashSwitch = true;
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      workers: 1,
      apis: 1,
      batchSize: 50,
      workerEnvOf: (): Record<string, string> => (crashSwitch ? { FAULT_CRASH_AFTER_CLAIM: "true" } : {}),
    });
    const started = Date.now();
    await stack.insert(400);
    // The worker dies at its first claim; the messages it claimed are left queued with no job.
    expect(await stack.workers[0]!.exited).toBe("SIGKILL");
    const crashedAt = Date.now();
    const line = stack.workers[0]!.output()
      .split("\n")
      .find((l) => l.includes("FAULT_CRASH_AFTER_CLAIM: killing"));
    const stranded = (JSON.parse(line!) as { claimed: number[] }).claimed;
    expect(stranded.length).toBeGreaterThan(0);
    crashSwitch = false;
    await stack.restartWorker(0);
    const upAt = Date.now();
    let recoveredMs = 0;
    await eventually(
      async () => {
        const left = await stack!.db
          .selectFrom("messages")
          .select("id")
          .where("id", "in", stranded)
          .where("status", "!=", "sent")
          .execute();
        expect(left).toEqual([]);
        recoveredMs = Date.now() - upAt;
      },
      orphanAfterMs + 1_000 + 3_000,
      100,
    );
    await finishScenario(
      stack,
      "21. worker killed between claim and enqueue (graphile-worker #222)",
      started,
      {
        figure: () =>
          `${stranded.length} stranded messages sent ${recoveredMs} ms after a worker was up again (${upAt - crashedAt} ms after the crash; bound ${orphanAfterMs} + 1,000 ms + polling)`,
      },
    );
  });
});
