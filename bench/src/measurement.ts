import type { BenchSizes } from "./bench-sizes.js";

/** One line of the results table: a named figure, how it compares with its target, and its raw value. */
export interface ResultRow {
  metric: string;
  /** Human-readable value, e.g. `2,310 msg/s`. */
  value: string;
  /** The raw number behind `value` (unit in `unit`), for the JSON and for comparisons. */
  raw: number | null;
  unit: string;
  /** The target, e.g. `≥ 40% of baseline`; empty when the figure has none. */
  target?: string;
  /** Whether the target was met; undefined when there is no target. */
  met?: boolean;
}

/** What one measurement reports: rows for the table, free-form details for the JSON, notes for people. */
export interface MeasurementResult {
  rows: ResultRow[];
  details: Record<string, unknown>;
  /** Sentences printed under the table (what was measured, and how). */
  notes: string[];
}

/** Everything a measurement may use: where the services are, its sizes, progress, earlier results. */
export interface BenchContext {
  /** A Postgres server URL; every measurement creates (and drops) its own database on it. */
  serverUrl: string;
  redisUrl: string;
  sizes: BenchSizes;
  /** WORKER_CONCURRENCY of every worker, and the no-op baseline's concurrency. */
  concurrency: number;
  /** LOG_LEVEL of the spawned worker and API processes. */
  appLogLevel: string;
  /** Whether dispatch runs emulate autovacuum on their database when the server has it off. */
  autovacuumEmulation: boolean;
  /** Writes one progress line to stderr, prefixed with the elapsed time and `scope`. */
  progress: (scope: string, text: string) => void;
  /** Results of the measurements that already ran in this invocation, by name. */
  results: Map<string, MeasurementResult>;
}

/** One benchmark: a stable name (for `--only`), a title, and the code that runs it. */
export interface Measurement {
  name: string;
  title: string;
  run: (ctx: BenchContext) => Promise<MeasurementResult>;
}
