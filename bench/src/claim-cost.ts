import { claimPending } from "@dispatcher/db";
import { captureStatements, explainAnalyze } from "@dispatcher/db/testing";
import { createSandbox } from "@dispatcher/testing";
import type { CompiledQuery } from "kysely";
import { scanLines } from "./explain-plan.js";
import { dec, int, median, ms } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";
import { deleteUnsent, seedPending, seedSent, vacuumAnalyze } from "./seed-messages.js";

/** The target: the claim at the largest table within this factor of the smallest. */
const TARGET_FACTOR = 1.5;

interface SizeResult {
  sentRows: number;
  timingsMs: number[];
  medianMs: number;
  plan: string;
}

/**
 * Claim cost against table size: one database grows to each size of sent rows in turn; at each size
 * 1,000 pending rows are inserted, the table VACUUM ANALYZEd, and `claimPending(db, 1000, "bulk")` (the
 * app's own function) timed; the claimed rows are deleted before the next run. The claim's SQL is
 * captured from a real call and EXPLAIN (ANALYZE, BUFFERS)ed at each size in a rolled-back transaction.
 */
export const claimCost: Measurement = {
  name: "claim",
  title: "4. Claim cost vs table size",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const scope = "claim";
    const { claimBatch, claimRuns, claimTableSizes } = ctx.sizes;
    const iso = await createSandbox({
      postgresUrl: ctx.serverUrl,
      redis: ctx.redisUrl,
      label: "bench-claim",
    });
    try {
      const db = iso.db;
      // Capture the statement claimPending really runs (on a tiny table; not timed).
      const capture = captureStatements(db);
      await seedPending(db, claimBatch);
      await claimPending(capture.db, claimBatch, "bulk");
      await deleteUnsent(db);
      const statement: CompiledQuery = capture.statements.at(-1)!;

      const sizes: SizeResult[] = [];
      let seeded = 0;
      for (const size of claimTableSizes) {
        const base = seeded;
        await seedSent(db, size - seeded, (n) =>
          ctx.progress(scope, `seeding sent rows: ${int(base + n)}/${int(size)}`),
        );
        seeded = size;
        const timingsMs: number[] = [];
        for (let run = 0; run < claimRuns; run++) {
          await seedPending(db, claimBatch);
          await vacuumAnalyze(db);
          const started = performance.now();
          const ids = await claimPending(db, claimBatch, "bulk");
          timingsMs.push(performance.now() - started);
          if (ids.length !== claimBatch) throw new Error(`claimed ${ids.length}, expected ${claimBatch}`);
          await deleteUnsent(db);
        }
        await seedPending(db, claimBatch);
        await vacuumAnalyze(db);
        const plan = await explainAnalyze(db, statement);
        await deleteUnsent(db);
        const medianMs = median(timingsMs);
        ctx.progress(
          scope,
          `${int(size)} sent rows: claim ${int(claimBatch)} median ${ms(medianMs)} (${timingsMs.map((t) => dec(t, 1)).join(", ")} ms)`,
        );
        sizes.push({ sentRows: size, timingsMs, medianMs, plan });
      }

      const first = sizes[0]!;
      const last = sizes.at(-1)!;
      const factor = last.medianMs / first.medianMs;
      const rows: ResultRow[] = sizes.map((s) => ({
        metric: `claim ${int(claimBatch)} with ${int(s.sentRows)} sent rows`,
        value: `${ms(s.medianMs)} median of ${s.timingsMs.length}`,
        raw: s.medianMs,
        unit: "ms",
      }));
      rows.push({
        metric: `${int(last.sentRows)} vs ${int(first.sentRows)} sent rows`,
        value: `${dec(factor, 2)}×`,
        raw: factor,
        unit: "ratio",
        target: `≤ ${dec(TARGET_FACTOR, 1)}×`,
        met: factor <= TARGET_FACTOR,
      });
      rows.push({
        metric: `plan at ${int(last.sentRows)} sent rows`,
        value: scanLines(last.plan).join("; "),
        raw: null,
        unit: "plan",
      });
      return {
        rows,
        details: {
          claimBatch,
          runsPerSize: claimRuns,
          statement: { sql: statement.sql, parameters: statement.parameters },
          sizes,
        },
        notes: [
          `Claim cost: claimPending(db, ${int(claimBatch)}, "bulk") from @dispatcher/db, timed on the client (one round trip), ` +
            `median of ${claimRuns} runs per size, each after inserting ${int(claimBatch)} fresh pending rows and ` +
            "VACUUM ANALYZE. The plans are EXPLAIN (ANALYZE, BUFFERS) of the statement captured from a real " +
            "claimPending call (Kysely's compiled SQL and parameters), run in a rolled-back transaction.",
        ],
      };
    } finally {
      await iso.cleanup();
    }
  },
};
