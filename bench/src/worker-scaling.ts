import { cpus } from "node:os";
import { cpuSummary, verificationOfAll } from "./dispatch-rows.js";
import { type DispatchRunResult, runDispatch } from "./dispatch-run.js";
import { baselineRate } from "./end-to-end.js";
import { dec, int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/**
 * The end-to-end run repeated with 1, 2 and 3 worker processes (each WORKER_CONCURRENCY from the
 * context) on a smaller backlog: each rate, the speedup over one worker, how busy the machine was,
 * and the CPU each process used per message (each worker process on its own).
 */
export const workerScaling: Measurement = {
  name: "scaling",
  title: "3. Scaling with worker processes",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const runs: DispatchRunResult[] = [];
    for (const workers of ctx.sizes.scalingWorkers) {
      runs.push(
        await runDispatch(ctx, {
          label: `scaling-${workers}w`,
          messages: ctx.sizes.scalingMessages,
          workers,
        }),
      );
    }
    const single = runs[0]!.rate;
    const baseline = baselineRate(ctx);
    const cores = cpus().length;
    const rows: ResultRow[] = [];
    for (const run of runs) {
      rows.push({
        metric: `${run.workers} worker${run.workers > 1 ? "s" : ""} × ${run.concurrency}`,
        value:
          `${int(run.rate)} msg/s, speedup ${dec(run.rate / single, 2)}×` +
          (baseline ? `, ${pct(run.rate / baseline)} of baseline` : "") +
          `; machine ${dec(run.cpu.machineBusyCores, 2)}/${cores} cores busy`,
        raw: run.rate,
        unit: "msg/s",
      });
    }
    for (const run of runs) {
      rows.push({
        metric: `${run.workers}w CPU per message`,
        value: cpuSummary(run, cores),
        raw: null,
        unit: "µs/msg",
      });
    }
    rows.push(verificationOfAll("all scaling runs", runs));
    return {
      rows,
      details: {
        messagesPerRun: ctx.sizes.scalingMessages,
        runs: runs.map((run) => ({ ...run, speedup: run.rate / single })),
      },
      notes: [
        `Scaling: ${int(ctx.sizes.scalingMessages)} messages per run, the same setup as end to end, with ${ctx.sizes.scalingWorkers.join(", ")} ` +
          `worker processes (each WORKER_CONCURRENCY ${ctx.concurrency}, DATABASE_POOL_SIZE default). This machine has ` +
          `${cores} cores shared by the workers, Postgres, Redis, the mock provider and the bench: once they are busy, ` +
          "more worker processes add contention (context switches, lock and connection churn), not capacity.",
      ],
    };
  },
};
