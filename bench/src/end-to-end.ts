import { cpus } from "node:os";
import { AUTOVACUUM_CHECK_MS } from "./autovacuum-emulation.js";
import { verificationOfAll } from "./dispatch-rows.js";
import { DISPATCH_INTERVAL_MS, type DispatchRunResult, runDispatch } from "./dispatch-run.js";
import { dec, int, median, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/**
 * The floor of the same guarantees: the thinnest worker doing one message's I/O and the writes the
 * guarantees require, and nothing else (its header is the definition).
 */
export const FLOOR_WORKER_ENTRY = "bench/src/floor-worker-main.ts";

/** The dispatcher end to end against the floor of the same guarantees: the target share, at every concurrency. */
const FLOOR_TARGET = 0.9;

/** The process groups whose CPU per message is compared with the floor's. */
const GROUPS = ["worker", "postgres", "redis", "mock-provider", "softirq"];

/** The baseline's jobs/s from this invocation, when it ran. */
export function baselineRate(ctx: BenchContext): number | undefined {
  const rate = ctx.results.get("baseline")?.details.jobsPerSecond;
  return typeof rate === "number" ? rate : undefined;
}

/** WORKER_CONCURRENCY of the second set of pairs (the first runs at the context's, the default). */
export const E2E_HIGH_CONCURRENCY = 50;

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

/** One set of pairs at one WORKER_CONCURRENCY (floor and dispatcher alike), and what it says. */
interface PairSet {
  concurrency: number;
  floors: DispatchRunResult[];
  dispatchers: DispatchRunResult[];
  /** Each pair's dispatcher rate over its floor rate, in run order. */
  ratios: number[];
  /** Median of `ratios`: the figure judged against FLOOR_TARGET. */
  ratio: number;
  rate: number;
  floorRate: number;
  floorCpu: Record<string, number>;
  dispatcherCpu: Record<string, number>;
}

/**
 * `pairs` pairs at `concurrency`, run in alternating order (floor first, then dispatcher first, …)
 * so a machine that drifts faster or slower during the measurement weighs on both.
 */
async function runPairs(ctx: BenchContext, concurrency: number, pairs: number): Promise<PairSet> {
  const floors: DispatchRunResult[] = [];
  const dispatchers: DispatchRunResult[] = [];
  const messages = ctx.sizes.e2eMessages;
  for (let pair = 1; pair <= pairs; pair++) {
    const floor = () =>
      runDispatch(ctx, {
        label: `floor-c${concurrency}-${pair}`,
        messages,
        workers: 1,
        concurrency,
        workerEntry: FLOOR_WORKER_ENTRY,
      });
    const dispatcher = () =>
      runDispatch(ctx, { label: `e2e-c${concurrency}-${pair}`, messages, workers: 1, concurrency });
    if (pair % 2 === 1) {
      floors.push(await floor());
      dispatchers.push(await dispatcher());
    } else {
      dispatchers.push(await dispatcher());
      floors.push(await floor());
    }
  }
  const ratios = dispatchers.map((d, i) => d.rate / floors[i]!.rate);
  return {
    concurrency,
    floors,
    dispatchers,
    ratios,
    ratio: median(ratios),
    rate: median(dispatchers.map((r) => r.rate)),
    floorRate: median(floors.map((r) => r.rate)),
    floorCpu: meanCpu(floors),
    dispatcherCpu: meanCpu(dispatchers),
  };
}

/** The table's rows for one set of pairs; `baseline` (raw BullMQ's jobs/s) when it ran at the same concurrency. */
function pairRows(set: PairSet, messages: number, baseline: number | undefined): ResultRow[] {
  const { concurrency, floors, dispatchers, ratios, ratio, rate, floorRate, floorCpu, dispatcherCpu } = set;
  const at = `× ${concurrency}`;
  const gaps = GROUPS.map((g) => `${g} ${signed(dispatcherCpu[g]! - floorCpu[g]!)}`).join(", ");
  const totalGap = GROUPS.reduce((sum, g) => sum + dispatcherCpu[g]! - floorCpu[g]!, 0);
  const rows: ResultRow[] = [
    {
      metric: `${at}: floor of the same guarantees, ${int(messages)} messages, 1 process, median of ${floors.length}`,
      value: `${int(floorRate)} msg/s (${floors.map((r) => int(r.rate)).join(", ")})`,
      raw: floorRate,
      unit: "msg/s",
    },
    {
      metric: `${at}: dispatcher, ${int(messages)} messages, 1 worker, batch ${int(dispatchers[0]!.batchSize)}, median of ${dispatchers.length}`,
      value: `${int(rate)} msg/s (${dispatchers.map((r) => int(r.rate)).join(", ")})`,
      raw: rate,
      unit: "msg/s",
    },
    {
      metric: `${at}: ratio to the floor of the same guarantees (median of the pairs)`,
      value: `${pct(ratio)} (pairs: ${ratios.map(pct).join(", ")}; ratio of the median rates: ${pct(rate / floorRate)})`,
      raw: ratio,
      unit: "ratio",
      target: `≥ ${pct(FLOOR_TARGET)}`,
      met: ratio >= FLOOR_TARGET,
    },
  ];
  if (baseline !== undefined) {
    rows.push({
      metric: `${at}: ratio to raw BullMQ (dispatcher, floor)`,
      value: `${pct(rate / baseline)}, ${pct(floorRate / baseline)} of ${int(baseline)} jobs/s`,
      raw: rate / baseline,
      unit: "ratio",
    });
  }
  rows.push(
    {
      metric: `${at}: floor: CPU per message (mean of the runs)`,
      value: `${listCpu(floorCpu)}; ${busyCores(floors)}`,
      raw: null,
      unit: "µs/msg",
    },
    {
      metric: `${at}: dispatcher: CPU per message (mean of the runs)`,
      value: `${listCpu(dispatcherCpu)}; ${busyCores(dispatchers)}`,
      raw: null,
      unit: "µs/msg",
    },
    {
      metric: `${at}: dispatcher's CPU per message over the floor's`,
      value: `${gaps}; in all ${signed(totalGap)}`,
      raw: totalGap,
      unit: "µs/msg",
    },
    {
      metric: `${at}: Postgres transactions per message (dispatcher, floor)`,
      value: `${dec(median(dispatchers.map((r) => r.transactionsPerMessage)), 2)}, ${dec(median(floors.map((r) => r.transactionsPerMessage)), 2)}`,
      raw: median(dispatchers.map((r) => r.transactionsPerMessage)),
      unit: "xact/msg",
    },
    verificationOfAll(`${at}: dispatcher runs`, dispatchers),
    verificationOfAll(`${at}: floor runs`, floors),
  );
  return rows;
}

/**
 * End to end against the floor of the same guarantees: the same backlog of pending rows drained
 * to `sent` by the floor program and by one real worker process (see runDispatch), in `e2ePairs`
 * alternating pairs at the default WORKER_CONCURRENCY (the context's) and again at
 * E2E_HIGH_CONCURRENCY, both sides at the same one. Reports, at each, each side's median rate, the
 * median of the pairs' ratios against the target, and the CPU per message of every process, the
 * dispatcher's over the floor's; at the baseline's concurrency, the ratios to raw BullMQ.
 */
export const endToEnd: Measurement = {
  name: "e2e",
  title: "2. End to end: pending → sent, against the floor of the same guarantees",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const messages = ctx.sizes.e2eMessages;
    const concurrencies = [...new Set([ctx.concurrency, E2E_HIGH_CONCURRENCY])];
    const sets: PairSet[] = [];
    for (const concurrency of concurrencies) sets.push(await runPairs(ctx, concurrency, ctx.sizes.e2ePairs));
    const baseline = baselineRate(ctx);
    const rows = sets.flatMap((set) =>
      pairRows(set, messages, set.concurrency === ctx.concurrency ? baseline : undefined),
    );
    const last = sets[0]!.dispatchers.at(-1)!;
    rows.push({
      metric: "autovacuum",
      value: last.autovacuum.server
        ? "on (server)"
        : last.autovacuum.emulated
          ? `off on the server; emulated every ${AUTOVACUUM_CHECK_MS / 1000} s`
          : "off on the server, not emulated",
      raw: null,
      unit: "",
    });
    const standard = sets[0]!;
    return {
      rows,
      details: {
        // The default concurrency's figures at the top, as before; every set in `sets`.
        rate: standard.rate,
        floorRate: standard.floorRate,
        ratio: standard.ratio,
        ratios: standard.ratios,
        baselineJobsPerSecond: baseline ?? null,
        sets,
      },
      notes: [
        `End to end: ${int(messages)} pending rows inserted with INSERT … SELECT generate_series; dispatcher state ` +
          `running, intervalMs ${int(DISPATCH_INTERVAL_MS)} (the app's minimum), batchSize ${int(last.batchSize)}, converged ` +
          "to Redis with reconcileDispatcher (as the API does); every other setting at its default but " +
          `WORKER_CONCURRENCY, ${concurrencies.join(" then ")} (floor and dispatcher alike). The scheduler alone ` +
          `would cap the rate at batchSize per interval (${int((last.batchSize * 1000) / DISPATCH_INTERVAL_MS)} msg/s), so ` +
          "the bench also adds a tick whenever no tick is pending and fewer than one batch of sends is waiting. " +
          `The floor of the same guarantees (${FLOOR_WORKER_ENTRY}; its header says what it does and leaves out) drains ` +
          "the same backlog through the same provider and tick pump: the claim, the grouped attempt start before the " +
          "POST, the POST with the Idempotency-Key, the grouped conditional sent write and the pipelined cache write. " +
          "Pairs run in alternating order; rate = (sent − 1) / (last sent_at − first sent_at). Mock provider on " +
          "loopback, latency 0.",
      ],
    };
  },
};
