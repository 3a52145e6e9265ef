import { setTimeout as sleep } from "node:timers/promises";
import { changeDispatcher } from "@dispatcher/control";
import { BUILT_IN_LANES, DEFAULT_LANE } from "@dispatcher/core";
import { countByStatus, seedDispatcherState } from "@dispatcher/db";
import { type Counters, mockProviderClient } from "@dispatcher/mock-provider";
import {
  countLogIssues,
  createSandbox,
  type ListeningApp,
  outputTail,
  type Sandbox,
  type SpawnedApp,
  startMockProvider,
  stopAll,
} from "@dispatcher/testing";
import { type BenchApi, startBenchApi, startBenchWorker } from "./app-processes.js";
import { serverAutovacuum, startAutovacuumEmulation } from "./autovacuum-emulation.js";
import { type CpuReport, startCpuAccounting } from "./cpu-accounting.js";
import { int } from "./format.js";
import type { BenchContext } from "./measurement.js";
import { findPids } from "./process-stats.js";
import {
  committedTransactions,
  postgresPids,
  seedPending,
  sentSpan,
  vacuumAnalyze,
} from "./seed-messages.js";
import { startTickPump } from "./tick-pump.js";

/** The scheduler's interval during dispatch runs: the smallest the app allows. */
export const DISPATCH_INTERVAL_MS = 1_000;

/** A run stops with an error when the sent count has not moved for this long. */
const STALL_MS = 30_000;

export interface DispatchRunOptions {
  /** Progress scope and database label, e.g. `e2e` or `scaling-2w`. */
  label: string;
  messages: number;
  workers: number;
  /** WORKER_CONCURRENCY of every worker. @defaultValue the context's concurrency */
  concurrency?: number;
  /** Worker entry point relative to the repo root; default the real worker. */
  workerEntry?: string;
  /** Extra environment of every worker (e.g. NODE_OPTIONS). */
  workerEnv?: Record<string, string>;
  /** Extra environment of the mock provider (e.g. MOCK_PROVIDER_RECORDS). */
  providerEnv?: Record<string, string>;
  /** The bulk lane's stored batch. @defaultValue the sizes' batchSize */
  batchSize?: number;
  /**
   * Whether the tick pump adds ticks beside the scheduler's (see startTickPump); without it the
   * lane's pace (`batchSize` every DISPATCH_INTERVAL_MS) and the send window govern the claims.
   * @defaultValue true
   */
  pump?: boolean;
  /** Called every 250 ms while the backlog drains. */
  onSample?: (workers: SpawnedApp[]) => void;
  /** Called at every poll (about once a second) with the sent count so far. */
  onPoll?: (sent: number, workers: SpawnedApp[]) => void;
  /** Called with the ready workers just before dispatching starts, and just after the backlog is drained. */
  beforeDispatch?: (workers: SpawnedApp[]) => Promise<void>;
  afterDrain?: (workers: SpawnedApp[]) => Promise<void>;
  /**
   * Starts the real API beside the workers (startBenchApi: the run's database and prefix, the
   * bench's API key) once the dispatcher state is stored, so it keeps the bench's.
   * @defaultValue false
   */
  api?: boolean;
  /**
   * Work beside the drain (traffic through the API, say), started as dispatching starts. With it,
   * the run ends once it resolves rather than once the backlog is sent, so it waits for whatever it
   * needs finished; the messages it reports through `added` count in the run's total and its
   * verification. A rejection fails the run; the run's failure aborts its `signal`.
   */
  during?: (run: RunningDispatch) => Promise<void>;
  /** Called once the workers stopped (every send settled), before the provider, the API and the sandbox go. */
  afterStop?: (run: RunningDispatch) => Promise<void>;
}

/** What `during` and `afterStop` may use: the run's processes and sandbox while they exist. */
export interface RunningDispatch {
  sandbox: Sandbox;
  provider: ListeningApp;
  /** With `api`: the API process and the key it takes; else undefined. */
  api: BenchApi | undefined;
  workers: SpawnedApp[];
  /** Epoch milliseconds when dispatching started (the state was set running). */
  startedAt: number;
  /** Counts `n` more messages (beyond the seeded backlog) in the run's total. */
  added: (n: number) => void;
  /** Aborted when the run stops, done or failed. */
  signal: AbortSignal;
}

/** Every message sent exactly once: what Postgres and the provider say. */
export interface DispatchVerification {
  dbSent: number;
  dbFailed: number;
  /** Rows still pending, queued or sending at the end (0 when all went through). */
  dbUnfinished: number;
  provider: Counters;
  ok: boolean;
}

export interface DispatchRunResult {
  /** The seeded backlog plus the messages `during` added. */
  messages: number;
  workers: number;
  concurrency: number;
  batchSize: number;
  intervalMs: number;
  /** Ticks the bench added on top of the scheduler's (see startTickPump). */
  pumpedTicks: number;
  /** From starting the dispatcher to seeing every message sent, in seconds. */
  wallSeconds: number;
  /** From the first `sent_at` to the last, in seconds. */
  sentSpanSeconds: number;
  /** Messages per second over the sent span: (sent - 1) / sentSpanSeconds. */
  rate: number;
  /** Messages per second over the wall time (includes the first tick's latency and the last poll). */
  wallRate: number;
  verification: DispatchVerification;
  cpu: CpuReport;
  /** CPU microseconds per sent message, per group (worker, postgres, redis, mock-provider, bench). */
  cpuMicrosPerMessage: Record<string, number>;
  /** Postgres transactions committed in the run's database per message (pg_stat_database). */
  transactionsPerMessage: number;
  workerLog: { warnings: number; errors: number };
  /** Whether the server runs autovacuum, and what the bench's emulation did when it does not. */
  autovacuum: { server: boolean; emulated: boolean; vacuums: number; analyzes: number };
}

/**
 * Drains a backlog through real processes: `messages` pending rows inserted in bulk, the mock
 * provider (no latency), `workers` worker processes with WORKER_CONCURRENCY `concurrency` (and,
 * with `api`, an API process), the bulk lane's pace `DISPATCH_INTERVAL_MS, batchSize` stored before
 * any of them starts, dispatching started as an operator does (changeDispatcher), and the tick pump
 * so the interval does not cap the rate. Polls the sent count every second (progress on stderr),
 * then verifies every message was sent exactly once. Everything is torn down after.
 */
export async function runDispatch(
  ctx: BenchContext,
  options: DispatchRunOptions,
): Promise<DispatchRunResult> {
  const scope = options.label;
  const iso = await createSandbox({
    postgresUrl: ctx.serverUrl,
    redis: ctx.redisUrl,
    label: `bench-${options.label}`,
  });
  const apps: SpawnedApp[] = [];
  const concurrency = options.concurrency ?? ctx.concurrency;
  try {
    ctx.progress(scope, `seeding ${int(options.messages)} pending messages`);
    await seedPending(iso.db, options.messages);
    await vacuumAnalyze(iso.db);
    // Stored stopped before any process starts: an API keeps a stored state, and stays stopped.
    const batchSize = options.batchSize ?? ctx.sizes.batchSize;
    await seedDispatcherState(
      iso.db,
      {
        running: false,
        lanes: BUILT_IN_LANES.map((lane) =>
          lane.name === DEFAULT_LANE ? { ...lane, intervalMs: DISPATCH_INTERVAL_MS, batchSize } : lane,
        ),
      },
      "bench",
    );

    const provider = await startMockProvider(options.providerEnv);
    apps.push(provider.app);
    ctx.progress(
      scope,
      `starting ${options.workers} worker process(es), WORKER_CONCURRENCY=${concurrency}${options.api ? ", and an API" : ""}`,
    );
    const [workerStarts, apiStarts] = await Promise.all([
      Promise.allSettled(
        Array.from({ length: options.workers }, (_, i) =>
          startBenchWorker({
            name: `worker-${i + 1}`,
            entry: options.workerEntry,
            databaseUrl: iso.databaseUrl,
            redisUrl: ctx.redisUrl,
            prefix: iso.prefix,
            providerUrl: `${provider.baseUrl}/messages`,
            concurrency,
            logLevel: ctx.appLogLevel,
            env: options.workerEnv,
          }),
        ),
      ),
      Promise.allSettled(
        options.api
          ? [
              startBenchApi({
                databaseUrl: iso.databaseUrl,
                redisUrl: ctx.redisUrl,
                prefix: iso.prefix,
                logLevel: ctx.appLogLevel,
              }),
            ]
          : [],
      ),
    ]);
    const workers = workerStarts.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const api = apiStarts[0]?.status === "fulfilled" ? apiStarts[0].value : undefined;
    // Every process that did start is stopped in `finally`, even when another failed to.
    apps.push(...workers, ...(api ? [api.app] : []));
    const failed = [...workerStarts, ...apiStarts].find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    await options.beforeDispatch?.(workers);
    return await drain(ctx, iso, { provider, api, workers }, options);
  } finally {
    await stopAll(apps);
    await iso.cleanup();
  }
}

async function drain(
  ctx: BenchContext,
  iso: Sandbox,
  processes: Pick<RunningDispatch, "provider" | "api" | "workers">,
  options: DispatchRunOptions,
): Promise<DispatchRunResult> {
  const { provider, api, workers } = processes;
  const scope = options.label;
  let total = options.messages;
  const batchSize = options.batchSize ?? ctx.sizes.batchSize;
  const workerPids = workers.map((w) => w.child.pid!).filter(Boolean);
  const redisPids = findPids("redis-server");
  // One group per worker process when there are several, so each one's CPU is seen.
  const workerGroups: Record<string, () => number[]> =
    workerPids.length === 1
      ? { worker: () => workerPids }
      : Object.fromEntries(workerPids.map((pid, i) => [`worker-${i + 1}`, () => [pid]]));
  const cpu = await startCpuAccounting({
    ...workerGroups,
    postgres: () => postgresPids(iso.db),
    redis: () => redisPids,
    "mock-provider": () => [provider.app.child.pid!],
    ...(api ? { api: () => [api.app.child.pid!] } : {}),
  });
  const transactionsBefore = await committedTransactions(iso.db);

  const autovacuumOn = await serverAutovacuum(iso.db);
  const emulating = ctx.autovacuumEmulation && !autovacuumOn;
  const stopped = new AbortController();
  const started = performance.now();
  const running: RunningDispatch = {
    sandbox: iso,
    ...processes,
    startedAt: Date.now(),
    added: (n) => {
      total += n;
    },
    signal: stopped.signal,
  };
  await changeDispatcher({ db: iso.db, queues: iso.queues }, { running: true }, "bench");
  const vacuum = emulating ? startAutovacuumEmulation(iso.db) : undefined;
  const pump =
    options.pump === false
      ? { stop: async () => 0 }
      : startTickPump(iso.queues, iso.db, { batchSize: ctx.sizes.batchSize });
  const sampler = options.onSample ? setInterval(() => options.onSample?.(workers), 250) : undefined;
  const beside = options.during ? watch(options.during(running)) : undefined;

  let sent = 0;
  let failed = 0;
  let polls = 0;
  let lastPoll = { at: started, sent: 0 };
  let lastMove = started;
  try {
    while (beside ? !beside.settled : sent + failed < total) {
      await sleep(1_000);
      const counts = await countByStatus(iso.db);
      polls++;
      await cpu.sample();
      const now = performance.now();
      if (counts.sent !== sent) lastMove = now;
      sent = counts.sent;
      failed = counts.failed;
      options.onPoll?.(sent, workers);
      const rate = ((sent - lastPoll.sent) * 1000) / (now - lastPoll.at);
      lastPoll = { at: now, sent };
      ctx.progress(
        scope,
        `${int(sent)}/${int(total)} sent, ${int(rate)} msg/s${failed ? `, ${int(failed)} failed` : ""}`,
      );
      const dead = workers.find((w) => w.child.exitCode !== null || w.child.signalCode !== null);
      if (dead) throw new Error(`${dead.name} exited during the run:\n${outputTail(dead)}`);
      if (now - lastMove > STALL_MS) {
        const [tick, send] = await Promise.all([
          iso.queues.tick.getJobCounts(),
          iso.queues.send.getJobCounts(),
        ]);
        throw new Error(
          `no message sent for ${STALL_MS / 1000} s (${int(sent)}/${int(total)}); messages ${JSON.stringify(counts)}, ` +
            `tick queue ${JSON.stringify(tick)}, send queue ${JSON.stringify(send)}; worker output:\n${outputTail(workers[0]!)}`,
        );
      }
    }
    if (beside?.failed) throw beside.error;
  } catch (error) {
    stopped.abort();
    await Promise.allSettled([pump.stop(), vacuum?.stop(), cpu.stop()]);
    throw error;
  } finally {
    if (sampler) clearInterval(sampler);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  await options.afterDrain?.(workers);
  const cpuReport = await cpu.stop();
  const pumpedTicks = await pump.stop();
  const vacuumed = (await vacuum?.stop()) ?? { vacuums: 0, analyzes: 0 };
  await changeDispatcher({ db: iso.db, queues: iso.queues }, { running: false }, "bench");

  const workerLog = workers
    .map(countLogIssues)
    .reduce((a, b) => ({ warnings: a.warnings + b.warnings, errors: a.errors + b.errors }), {
      warnings: 0,
      errors: 0,
    });
  // Read once every send settled; and backends report their counters when they exit.
  await stopAll(workers);
  stopped.abort();
  const [counts, span, providerCount] = await Promise.all([
    countByStatus(iso.db),
    sentSpan(iso.db),
    mockProviderClient(provider.baseUrl)
      .received()
      .then((list) => list.counters),
  ]);
  const transactions = (await committedTransactions(iso.db)) - transactionsBefore - polls * 2;
  await options.afterStop?.(running);

  const sentSpanSeconds = span.first && span.last ? (span.last.getTime() - span.first.getTime()) / 1000 : 0;
  const verification: DispatchVerification = {
    dbSent: counts.sent,
    dbFailed: counts.failed,
    dbUnfinished: counts.pending + counts.queued + counts.sending,
    provider: providerCount,
    ok:
      counts.sent === total &&
      providerCount.accepted === total &&
      providerCount.duplicates === 0 &&
      providerCount.rejected === 0,
  };
  const perMessage = (seconds: number) => (seconds * 1e6) / Math.max(1, counts.sent);
  const cpuMicrosPerMessage: Record<string, number> = {};
  for (const [group, seconds] of Object.entries(cpuReport.groups))
    cpuMicrosPerMessage[group] = perMessage(seconds);
  cpuMicrosPerMessage.bench = perMessage(cpuReport.bench);
  cpuMicrosPerMessage.softirq = perMessage(cpuReport.machineSoftirq);
  cpuMicrosPerMessage["other processes"] = perMessage(cpuReport.unaccounted);
  ctx.progress(
    scope,
    `done: ${int(counts.sent)} sent in ${wallSeconds.toFixed(1)} s wall, ${int((counts.sent - 1) / sentSpanSeconds)} msg/s over the sent span; ` +
      `provider accepted ${int(providerCount.accepted)}, duplicates ${providerCount.duplicates}${verification.ok ? "" : " — VERIFICATION FAILED"}`,
  );
  return {
    messages: total,
    workers: workers.length,
    concurrency: options.concurrency ?? ctx.concurrency,
    batchSize,
    intervalMs: DISPATCH_INTERVAL_MS,
    pumpedTicks,
    wallSeconds,
    sentSpanSeconds,
    rate: sentSpanSeconds > 0 ? (counts.sent - 1) / sentSpanSeconds : 0,
    wallRate: counts.sent / wallSeconds,
    verification,
    cpu: cpuReport,
    cpuMicrosPerMessage,
    transactionsPerMessage: transactions / Math.max(1, counts.sent),
    workerLog,
    autovacuum: { server: autovacuumOn, emulated: emulating, ...vacuumed },
  };
}

/** Watches `promise`: `settled` once it has, and `failed` with `error` when it rejected. */
function watch(promise: Promise<void>): { settled: boolean; failed: boolean; error: unknown } {
  const state = { settled: false, failed: false, error: undefined as unknown };
  promise.then(
    () => {
      state.settled = true;
    },
    (error: unknown) => {
      state.failed = true;
      state.error = error;
      state.settled = true;
    },
  );
  return state;
}
