import { cpus } from "node:os";
import { cpuSummary } from "./dispatch-rows.js";
import { runDispatch } from "./dispatch-run.js";
import { baselineRate } from "./end-to-end.js";
import { int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult } from "./measurement.js";

/** The floor program: the thinnest worker doing one message's I/O (see its header). */
export const FLOOR_WORKER_ENTRY = "bench/src/floor-worker-main.ts";

/** The floor's msg/s from this invocation, when it ran. */
export function floorRate(ctx: BenchContext): number | undefined {
  const rate = ctx.results.get("floor")?.details.rate;
  return typeof rate === "number" ? rate : undefined;
}

/** The floor's CPU microseconds per message by process group, when it ran (see runDispatch). */
export function floorCpu(ctx: BenchContext): Record<string, number> | undefined {
  return ctx.results.get("floor")?.details.cpuMicrosPerMessage as Record<string, number> | undefined;
}

/**
 * The same-work floor: the end-to-end run's backlog, provider and tick pump, drained by the floor
 * program instead of the worker. What the dispatcher's own code costs is the distance to it.
 */
export const sameWorkFloor: Measurement = {
  name: "floor",
  title: "1b. Same-work floor: the thinnest program doing one message's I/O",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const run = await runDispatch(ctx, {
      label: "floor",
      messages: ctx.sizes.e2eMessages,
      workers: 1,
      workerEntry: FLOOR_WORKER_ENTRY,
    });
    const baseline = baselineRate(ctx);
    return {
      rows: [
        {
          metric: `${int(run.messages)} messages, 1 floor process × ${run.concurrency}, claims of 1,000`,
          value: `${int(run.rate)} msg/s`,
          raw: run.rate,
          unit: "msg/s",
        },
        { metric: "CPU per message", value: cpuSummary(run, cpus().length), raw: null, unit: "µs/msg" },
        {
          metric: "ratio to raw BullMQ",
          value:
            baseline === undefined
              ? "n/a (baseline not run)"
              : `${pct(run.rate / baseline)} of ${int(baseline)} jobs/s`,
          raw: baseline === undefined ? null : run.rate / baseline,
          unit: "ratio",
        },
      ],
      details: { rate: run.rate, messages: run.messages, cpuMicrosPerMessage: run.cpuMicrosPerMessage },
      notes: [
        `${FLOOR_WORKER_ENTRY}: per message one grouped row load, one kept-alive POST with its Idempotency-Key, ` +
          "one grouped conditional sent update and one pipelined cache write; claims of 1,000 with one addBulk. " +
          "Its header lists what it leaves out.",
      ],
    };
  },
};
