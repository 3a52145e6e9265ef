import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { gaps, watchTicks } from "../src/tick-history.js";
import { useFaultStack } from "../src/use-fault-stack.js";

// BullMQ #2876, #2988, #3085, #3262, #3381 (concurrent scheduler upserts), #3063, #3430 and
// pg-boss #592 (remove-then-upsert): what several API instances and start/stop storms do to the
// tick scheduler.

const startStack = useFaultStack();

const INTERVAL_MS = 1_000;

describe("the tick scheduler under concurrent upserts", () => {
  it("4 APIs booting together and rolling restarts under load: one delayed tick at a time, and ticks never stop", async () => {
    const stack = await startStack({ workers: 2, apis: 4, intervalMs: INTERVAL_MS, batchSize: 40 });
    const watch = watchTicks(inject("redisUrl"), stack.prefix);
    try {
      await stack.setSwitches({ latencyMs: 20 });
      const started = Date.now();
      await stack.insert(1_500);
      watch.sample(50);
      const s = stack;
      for (let round = 0; round < 2; round++) {
        // A new interval stored behind the APIs' backs, then all four booting together: each
        // one's boot finds the scheduler's interval stale and upserts it, at the same time.
        await sql`update lanes set interval_ms = ${round === 0 ? 1_100 : INTERVAL_MS} where name = 'bulk'`.execute(
          s.db,
        );
        await sql`update dispatcher_state set version = version + 1`.execute(s.db);
        expect(await Promise.all([0, 1, 2, 3].map((i) => s.restartApi(i)))).toEqual([0, 0, 0, 0]);
        // Interval changes from all four at once: concurrent upserts with a new `every`.
        for (const intervalMs of [1_200, INTERVAL_MS]) {
          await Promise.all([0, 1, 2, 3].map((i) => s.api("PATCH", "/api/v1/dispatcher", { intervalMs }, i)));
        }
        // Then a rolling restart.
        for (let i = 0; i < 4; i++) expect(await s.restartApi(i)).toBe(0);
      }
      const runsFrom = Date.now();
      await new Promise((r) => setTimeout(r, 3_000));
      let longest = 0;
      let runs: Array<{ at: number }> = [];
      await finishScenario(
        stack,
        "15. 4 APIs booting together, concurrent interval changes, rolling restarts (BullMQ #2876…)",
        started,
        {
          figure: async () => {
            runs = (await watch.runs()).filter((r) => r.at >= started);
            longest = Math.max(...gaps(runs.map((r) => r.at)));
            return `longest gap between ticks ${longest} ms; at most ${Math.max(...watch.delayedSamples)} delayed tick job in ${watch.delayedSamples.length} samples`;
          },
        },
      );
      // Exactly one delayed tick at a time (0 only while the next one is being made).
      expect(Math.max(...watch.delayedSamples)).toBe(1);
      expect(
        watch.delayedSamples.filter((n) => n === 1).length / watch.delayedSamples.length,
      ).toBeGreaterThan(0.8);
      // Ticks never stop for more than 2 intervals (the longer one, 1.2 s, while it was in force).
      expect(longest, `ticks stopped for ${longest} ms`).toBeLessThanOrEqual(2 * 1_200);
      expect(runs.some((r) => r.at >= runsFrom)).toBe(true);
    } finally {
      await watch.stop();
    }
  });

  it("40 alternating start/stop and 20 interval PATCHes: one claim per interval, the new interval kept, a tick soon after the last start", async () => {
    const stack = await startStack({ workers: 2, apis: 2, intervalMs: INTERVAL_MS, batchSize: 5 });
    const watch = watchTicks(inject("redisUrl"), stack.prefix);
    try {
      const started = Date.now();
      await stack.insert(400);
      // 40 alternating requests, the first a start (the stack runs already) and the last a stop.
      for (let i = 0; i < 40; i++) {
        const path = i % 2 === 0 ? "/api/v1/dispatcher/start" : "/api/v1/dispatcher/stop";
        expect((await stack.api("POST", path, undefined, i % 2)).status).toBe(200);
        if (i % 2 === 0) {
          const intervalMs = i % 4 === 0 ? 1_000 : 1_500;
          expect((await stack.api("PATCH", "/api/v1/dispatcher", { intervalMs }, i % 2)).status).toBe(200);
        }
        // Spread over several intervals, so ticks run in between.
        await new Promise((r) => setTimeout(r, 150));
      }
      // The storm ends stopped; then one PATCH to a 2 s pace, and a start.
      expect((await stack.api("PATCH", "/api/v1/dispatcher", { intervalMs: 2_000 })).status).toBe(200);
      const lastStart = Date.now();
      expect((await stack.api("POST", "/api/v1/dispatcher/start", undefined, 1)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 9_000));
      const runs = (await watch.runs()).filter((r) => r.at >= started);
      // The bulk lane's claims (the transactional lane claims on arrival, apart from turns).
      const claims = runs.flatMap((r) =>
        r.claimedAt === null || !r.lanes.includes("bulk") ? [] : [r.claimedAt],
      );
      const firstAfterStart = claims.find((at) => at >= lastStart);
      expect(firstAfterStart, "a tick claims within one interval of the last start").toBeDefined();
      expect(firstAfterStart! - lastStart).toBeLessThanOrEqual(2_000 + 300);
      // No two claims closer than the shortest interval used less twice its tolerance (a tenth).
      expect(Math.min(...gaps(claims))).toBeGreaterThanOrEqual(800);
      // After the last start, claims follow the 2 s interval (within its tolerance of 200 ms).
      const settled = gaps(claims.filter((at) => at >= lastStart));
      expect(settled.length).toBeGreaterThanOrEqual(3);
      for (const gap of settled) {
        expect(gap).toBeGreaterThanOrEqual(1_600);
        expect(gap).toBeLessThanOrEqual(2_400);
      }
      await stack.api("PATCH", "/api/v1/dispatcher", { intervalMs: 1_000, batchSize: 100 });
      await finishScenario(stack, "16. 40 start/stop + 20 interval PATCHes (BullMQ #3063, #3430)", started, {
        figure: () =>
          `claims ≥ ${Math.min(...gaps(claims))} ms apart; first ${firstAfterStart! - lastStart} ms after the last start, then every ${Math.min(...settled)}–${Math.max(...settled)} ms`,
      });
    } finally {
      await watch.stop();
    }
  });
});
