import { cpus } from "node:os";
import { AUTOVACUUM_CHECK_MS } from "./autovacuum-emulation.js";
import { verificationOfAll } from "./dispatch-rows.js";
import { DISPATCH_INTERVAL_MS, type DispatchRunResult, runDispatch } from "./dispatch-run.js";
import { dec, int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/** The same-work floor program: the thinnest worker doing one message's I/O (see its header). */
export const FLOOR_WORKER_ENTRY = "bench/src/floor-worker-main.ts";

/** The dispatcher end to end against the same-work floor: the target share. */
const FLOOR_TARGET = 0.9;

/** The process groups whose CPU per message is compared with the floor's. */
const GROUPS = ["worker", "postgres", "redis", "mock-provider", "softirq"];

/** The baseline's jobs/s from this invocation, when it ran. */
export function baselineRate(ctx: BenchContext): number | undefined {
  const rate = ctx.results.get("baseline")?.details.jobsPerSecond;
  return typeof rate === "number" ? rate : undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** CPU µs per message of each group, averaged over `runs`. */
function meanCpu(runs: DispatchRunResult[]): Record<string, number> {
  return Object.fromEntries(
    GROUPS.map((g) => [g, runs.reduce((sum, r) => sum + (r.cpuMicrosPerMessage[g] ?? 0), 0) / runs.length]),
  );
}

/** "worker 310 µs, postgres 120 µs, …" */
const listCpu = (cpu: Record<string, number>) => GROUPS.map((g) => `${g} ${int(cpu[g]!)} µs`).join(", ");

/** "1.52–1.58 of 2 cores busy" over `runs`. */
function busyCores(runs: DispatchRunResult[]): string {
  const busy = runs.map((r) => r.cpu.machineBusyCores);
  return `${dec(Math.min(...busy), 2)}–${dec(Math.max(...busy), 2)} of ${cpus().length} cores busy`;
}

const signed = (micros: number) => `${micros >= 0 ? "+" : "−"}${int(Math.abs(micros))} µs`;

/**
 * End to end against the same-work floor: the same backlog of pending rows drained to `sent` by
 * the floor program and by one real worker process (see runDispatch), in `e2ePairs` pairs run in
 * alternating order (floor first, then dispatcher first, …) so a machine that drifts faster or
 * slower during the measurement weighs on both. Reports each side's median rate, the median of the
 * pairs' ratios, the ratio to raw BullMQ, and the CPU per message of every process, each
 * dispatcher's over the floor's.
 */
export const endToEnd: Measurement = {
  name: "e2e",
  title: "2. End to end: pending → sent, against the same-work floor",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const floors: DispatchRunResult[] = [];
    const dispatchers: DispatchRunResult[] = [];
    const messages = ctx.sizes.e2eMessages;
    for (let pair = 1; pair <= ctx.sizes.e2ePairs; pair++) {
      const floor = () =>
        runDispatch(ctx, { label: `floor-${pair}`, messages, workers: 1, workerEntry: FLOOR_WORKER_ENTRY });
      const dispatcher = () => runDispatch(ctx, { label: `e2e-${pair}`, messages, workers: 1 });
      if (pair % 2 === 1) {
        floors.push(await floor());
        dispatchers.push(await dispatcher());
      } else {
        dispatchers.push(await dispatcher());
        floors.push(await floor());
      }
    }
    const ratios = dispatchers.map((d, i) => d.rate / floors[i]!.rate);
    const ratio = median(ratios);
    const floorRate = median(floors.map((r) => r.rate));
    const rate = median(dispatchers.map((r) => r.rate));
    const baseline = baselineRate(ctx);
    const floorCpu = meanCpu(floors);
    const dispatcherCpu = meanCpu(dispatchers);
    const gaps = GROUPS.map((g) => `${g} ${signed(dispatcherCpu[g]! - floorCpu[g]!)}`).join(", ");
    const totalGap = GROUPS.reduce((sum, g) => sum + dispatcherCpu[g]! - floorCpu[g]!, 0);
    const last = dispatchers.at(-1)!;
    const rows: ResultRow[] = [
      {
        metric: `same-work floor: ${int(messages)} messages, 1 floor process × ${last.concurrency}, median of ${floors.length}`,
        value: `${int(floorRate)} msg/s (${floors.map((r) => int(r.rate)).join(", ")})`,
        raw: floorRate,
        unit: "msg/s",
      },
      {
        metric: `dispatcher: ${int(messages)} messages, 1 worker × ${last.concurrency}, batch ${int(last.batchSize)}, median of ${dispatchers.length}`,
        value: `${int(rate)} msg/s (${dispatchers.map((r) => int(r.rate)).join(", ")})`,
        raw: rate,
        unit: "msg/s",
      },
      {
        metric: "ratio to the same-work floor (median of the pairs)",
        value: `${pct(ratio)} (pairs: ${ratios.map(pct).join(", ")}; ratio of the median rates: ${pct(rate / floorRate)})`,
        raw: ratio,
        unit: "ratio",
        target: `≥ ${pct(FLOOR_TARGET)}`,
        met: ratio >= FLOOR_TARGET,
      },
      {
        metric: "ratio to raw BullMQ (dispatcher, floor)",
        value:
          baseline === undefined
            ? "n/a (baseline not run)"
            : `${pct(rate / baseline)}, ${pct(floorRate / baseline)} of ${int(baseline)} jobs/s`,
        raw: baseline === undefined ? null : rate / baseline,
        unit: "ratio",
      },
      {
        metric: "floor: CPU per message (mean of the runs)",
        value: `${listCpu(floorCpu)}; ${busyCores(floors)}`,
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "dispatcher: CPU per message (mean of the runs)",
        value: `${listCpu(dispatcherCpu)}; ${busyCores(dispatchers)}`,
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "dispatcher's CPU per message over the floor's",
        value: `${gaps}; in all ${signed(totalGap)}`,
        raw: totalGap,
        unit: "µs/msg",
      },
      verificationOfAll("dispatcher runs", dispatchers),
      verificationOfAll("floor runs", floors),
      {
        metric: "autovacuum",
        value: last.autovacuum.server
          ? "on (server)"
          : last.autovacuum.emulated
            ? `off on the server; emulated every ${AUTOVACUUM_CHECK_MS / 1000} s`
            : "off on the server, not emulated",
        raw: null,
        unit: "",
      },
      {
        metric: "Postgres transactions per message (dispatcher, floor)",
        value: `${dec(median(dispatchers.map((r) => r.transactionsPerMessage)), 2)}, ${dec(median(floors.map((r) => r.transactionsPerMessage)), 2)}`,
        raw: median(dispatchers.map((r) => r.transactionsPerMessage)),
        unit: "xact/msg",
      },
    ];
    return {
      rows,
      details: {
        rate,
        floorRate,
        ratio,
        ratios,
        baselineJobsPerSecond: baseline ?? null,
        floorCpu,
        dispatcherCpu,
        floors,
        dispatchers,
      },
      notes: [
        `End to end: ${int(messages)} pending rows inserted with INSERT … SELECT generate_series; dispatcher state ` +
          `running, intervalMs ${int(DISPATCH_INTERVAL_MS)} (the app's minimum), batchSize ${int(last.batchSize)}, converged ` +
          "to Redis with reconcileDispatcher (as the API does); every other setting at its default. The scheduler alone " +
          `would cap the rate at batchSize per interval (${int((last.batchSize * 1000) / DISPATCH_INTERVAL_MS)} msg/s), so ` +
          "the bench also adds a tick whenever no tick is pending and fewer than one batch of sends is waiting. " +
          `The floor (${FLOOR_WORKER_ENTRY}; its header lists what it leaves out) drains the same backlog through the ` +
          "same provider and tick pump. Pairs run in alternating order; rate = (sent − 1) / (last sent_at − first " +
          "sent_at). Mock provider on loopback, latency 0.",
      ],
    };
  },
};
