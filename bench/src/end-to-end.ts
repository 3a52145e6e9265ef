import { cpus } from "node:os";
import { AUTOVACUUM_CHECK_MS } from "./autovacuum-emulation.js";
import { cpuSummary, verificationRow } from "./dispatch-rows.js";
import { DISPATCH_INTERVAL_MS, runDispatch } from "./dispatch-run.js";
import { floorCpu, floorRate } from "./floor.js";
import { dec, int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/** End to end against the same-work floor (see floor.ts): the target share. */
const FLOOR_TARGET = 0.9;

/** The issue's targets: end-to-end at least this share of the raw-BullMQ baseline (stretch: 50%). */
const TARGET_RATIO = 0.4;
const STRETCH_RATIO = 0.5;

/** The baseline's jobs/s from this invocation, when it ran. */
export function baselineRate(ctx: BenchContext): number | undefined {
  const rate = ctx.results.get("baseline")?.details.jobsPerSecond;
  return typeof rate === "number" ? rate : undefined;
}

/** "worker +120 µs, postgres +40 µs, …" per process group, or n/a without the floor. */
function cpuGap(dispatcher: Record<string, number>, floor: Record<string, number> | undefined): string {
  if (!floor) return "n/a (floor not run)";
  const groups = ["worker", "postgres", "redis", "mock-provider", "softirq"];
  const gaps = groups.map((g) => [g, (dispatcher[g] ?? 0) - (floor[g] ?? 0)] as const);
  const total = gaps.reduce((sum, [, micros]) => sum + micros, 0);
  const signed = (micros: number) => `${micros >= 0 ? "+" : "−"}${int(Math.abs(micros))} µs`;
  return `${gaps.map(([g, micros]) => `${g} ${signed(micros)}`).join(", ")}; in all ${signed(total)}`;
}

/**
 * End to end: a backlog of pending rows in Postgres drained to `sent` by one real worker process
 * through the real mock provider (see runDispatch), reported as messages/s and as a share of the
 * baseline measured in the same invocation.
 */
export const endToEnd: Measurement = {
  name: "e2e",
  title: "2. End to end: pending → sent",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const run = await runDispatch(ctx, { label: "e2e", messages: ctx.sizes.e2eMessages, workers: 1 });
    const baseline = baselineRate(ctx);
    const floor = floorRate(ctx);
    const ratio = baseline ? run.rate / baseline : undefined;
    const rows: ResultRow[] = [
      {
        metric: `${int(run.messages)} messages, 1 worker × ${run.concurrency}, batch ${int(run.batchSize)}`,
        value: `${int(run.rate)} msg/s`,
        raw: run.rate,
        unit: "msg/s",
      },
      {
        metric: "wall time (start → all sent)",
        value: `${dec(run.wallSeconds, 1)} s (${int(run.wallRate)} msg/s)`,
        raw: run.wallSeconds,
        unit: "s",
      },
      {
        metric: "ratio to the same-work floor",
        value:
          floor === undefined ? "n/a (floor not run)" : `${pct(run.rate / floor)} of ${int(floor)} msg/s`,
        raw: floor === undefined ? null : run.rate / floor,
        unit: "ratio",
        target: `≥ ${pct(FLOOR_TARGET)}`,
        met: floor === undefined ? undefined : run.rate / floor >= FLOOR_TARGET,
      },
      {
        metric: "ratio to baseline",
        value: ratio === undefined ? "n/a (baseline not run)" : `${pct(ratio)} of ${int(baseline!)} jobs/s`,
        raw: ratio ?? null,
        unit: "ratio",
        target: `≥ ${pct(TARGET_RATIO)} (stretch ${pct(STRETCH_RATIO)})`,
        met: ratio === undefined ? undefined : ratio >= TARGET_RATIO,
      },
      verificationRow("e2e", run),
      {
        metric: "CPU per message",
        value: cpuSummary(run, cpus().length),
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "CPU per message over the floor's",
        value: cpuGap(run.cpuMicrosPerMessage, floorCpu(ctx)),
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "autovacuum",
        value: run.autovacuum.server
          ? "on (server)"
          : run.autovacuum.emulated
            ? `off on the server; emulated every ${AUTOVACUUM_CHECK_MS / 1000} s: ${run.autovacuum.vacuums} VACUUM ANALYZE, ${run.autovacuum.analyzes} ANALYZE`
            : "off on the server, not emulated",
        raw: null,
        unit: "",
      },
      {
        metric: "Postgres transactions per message",
        value: dec(run.transactionsPerMessage, 2),
        raw: run.transactionsPerMessage,
        unit: "xact/msg",
      },
    ];
    return {
      rows,
      details: { ...run, baselineJobsPerSecond: baseline ?? null, ratioToBaseline: ratio ?? null },
      notes: [
        `End to end: ${int(run.messages)} pending rows inserted with INSERT … SELECT generate_series; dispatcher state ` +
          `running, intervalMs ${int(DISPATCH_INTERVAL_MS)} (the app's minimum), batchSize ${int(run.batchSize)}, converged ` +
          "to Redis with reconcileDispatcher (as the API does). The scheduler alone would cap the rate at batchSize per " +
          `interval (${int((run.batchSize * 1000) / DISPATCH_INTERVAL_MS)} msg/s), so the bench also adds a tick whenever no ` +
          `tick is pending and fewer than one batch of sends is waiting (${int(run.pumpedTicks)} extra ticks here). ` +
          "Rate = (sent − 1) / (last sent_at − first sent_at); wall time runs from starting the dispatcher to the poll " +
          "that saw all sent. Mock provider on loopback, latency 0.",
      ],
    };
  },
};
