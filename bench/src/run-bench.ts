// `pnpm bench [--quick] [--only=a,b] [--log-level=info] [--no-autovacuum-emulation]`: runs the measurements in order against
// the local Postgres and Redis (loadTestEnv: DATABASE_URL, REDIS_URL), prints progress on stderr
// and the results table on stdout, and writes bench/results/latest.json and latest.md. Exits 1
// when a measurement failed (a missed target is reported, not an error).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTestEnv } from "@dispatcher/config";
import { baselineBullmq } from "./baseline-bullmq.js";
import { parseBenchOptions } from "./bench-options.js";
import { type BenchReport, type ReportEntry, renderMarkdown, renderText } from "./bench-report.js";
import { campaignDrain } from "./campaign-drain.js";
import { claimCost } from "./claim-cost.js";
import { endToEnd } from "./end-to-end.js";
import { readMachineFacts } from "./machine-facts.js";
import type { BenchContext, Measurement } from "./measurement.js";
import { createProgress } from "./progress.js";
import { sweepCost } from "./sweep-cost.js";
import { tracingCost } from "./tracing-cost.js";
import { transactionalLatency } from "./transactional-latency.js";
import { workerMemory } from "./worker-memory.js";
import { workerProfile } from "./worker-profile.js";
import { workerScaling } from "./worker-scaling.js";

/** WORKER_CONCURRENCY of every worker process and of the no-op baseline: the worker's default. */
const CONCURRENCY = 10;

/** Every measurement, in the order they run. */
const MEASUREMENTS: Measurement[] = [
  baselineBullmq,
  endToEnd,
  workerScaling,
  claimCost,
  workerMemory,
  workerProfile,
  tracingCost,
  sweepCost,
  campaignDrain,
  transactionalLatency,
];

const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

let options: ReturnType<typeof parseBenchOptions>;
try {
  options = parseBenchOptions(
    process.argv.slice(2),
    MEASUREMENTS.map((m) => m.name),
  );
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const env = loadTestEnv();
const progress = createProgress();
const startedAt = new Date();
const machine = await readMachineFacts(env.DATABASE_URL, env.REDIS_URL);
progress(
  "bench",
  `${options.sizes.mode} run on ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}`,
);

const ctx: BenchContext = {
  serverUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  sizes: options.sizes,
  concurrency: CONCURRENCY,
  appLogLevel: options.appLogLevel,
  autovacuumEmulation: options.autovacuumEmulation,
  progress,
  results: new Map(),
};
const selected = MEASUREMENTS.filter((m) => !options.only || options.only.includes(m.name));
const entries: ReportEntry[] = [];
for (const measurement of selected) {
  progress(measurement.name, `starting: ${measurement.title}`);
  const started = performance.now();
  try {
    const result = await measurement.run(ctx);
    ctx.results.set(measurement.name, result);
    entries.push({
      name: measurement.name,
      title: measurement.title,
      seconds: (performance.now() - started) / 1000,
      result,
    });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    progress(measurement.name, `FAILED: ${message}`);
    entries.push({
      name: measurement.name,
      title: measurement.title,
      seconds: (performance.now() - started) / 1000,
      error: message,
    });
  }
}

const report: BenchReport = {
  machine,
  settings: {
    sizes: options.sizes,
    only: options.only ?? null,
    concurrency: CONCURRENCY,
    appLogLevel: options.appLogLevel,
    autovacuumEmulation: options.autovacuumEmulation,
  },
  startedAt: startedAt.toISOString(),
  totalSeconds: (Date.now() - startedAt.getTime()) / 1000,
  measurements: entries,
};
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(`${RESULTS_DIR}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(`${RESULTS_DIR}latest.md`, renderMarkdown(report));
process.stdout.write(renderText(report));
progress("bench", `wrote ${RESULTS_DIR}latest.json and latest.md`);
process.exit(entries.some((e) => e.error) ? 1 : 0);
