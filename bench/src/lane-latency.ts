import { setTimeout as sleep } from "node:timers/promises";
import { countByStatus, type Db, seedDispatcherState } from "@dispatcher/db";
import { mockProviderClient } from "@dispatcher/mock-provider";
import { createSandbox, type SpawnedApp, startMockProvider, stopAll } from "@dispatcher/testing";
import { sql } from "kysely";
import { benchApiKey, startBenchApi, startBenchWorker } from "./app-processes.js";
import { dec, int, ms } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";
import { seedPending, vacuumAnalyze } from "./seed-messages.js";

/** Both lanes claim every second (the app's shortest interval): the bulk lane 1,000, transactional 100. */
const PACE = {
  intervalMs: 1_000,
  batchSize: 1_000,
  transactionalIntervalMs: 1_000,
  transactionalBatchSize: 100,
};
/** Transactional messages sent per phase, one every SPACING_MS. */
const SAMPLES = 20;
const SPACING_MS = 250;
/** The target: p95 within the transactional interval plus one second of sending. */
const TARGET_P95_MS = PACE.transactionalIntervalMs + 1_000;
/** How long a phase waits for its messages to be sent before it fails. */
const WAIT_MS = 60_000;

interface Phase {
  latenciesMs: number[];
  /** Bulk messages pending when the first transactional one was sent, and when the last was. */
  bulkPendingBefore: number;
  bulkPendingAfter: number;
}

/** The p-th percentile (nearest rank) of a non-empty list. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function bulkPending(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from messages where status = 'pending' and priority = 'bulk'`.execute(db);
  return Number(rows[0]!.n);
}

/**
 * Sends SAMPLES transactional messages through the API, one every SPACING_MS, and measures each
 * from just before its intake request to the mock provider's answer to its send (the provider's
 * answer log, by the message's Idempotency-Key; both clocks are this machine's).
 */
async function sendTransactional(
  db: Db,
  api: { baseUrl: string; key: string },
  providerUrl: string,
): Promise<Phase> {
  const bulkPendingBefore = await bulkPending(db);
  const sent: { id: number; at: number }[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const at = Date.now();
    const res = await fetch(`${api.baseUrl}/api/v1/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: "+905559999999", content: `code ${i}`, priority: "transactional" }),
    });
    if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
    sent.push({ id: ((await res.json()) as { id: number }).id, at });
    await sleep(SPACING_MS);
  }
  const bulkPendingAfter = await bulkPending(db);
  const ids = sent.map((s) => s.id);
  const deadline = Date.now() + WAIT_MS;
  let keys: { id: number; idempotencyKey: string; status: string }[] = [];
  while (Date.now() < deadline) {
    keys = await db
      .selectFrom("messages")
      .select(["id", "idempotencyKey", "status"])
      .where("id", "in", ids)
      .execute();
    if (keys.every((k) => k.status === "sent")) break;
    await sleep(100);
  }
  if (!keys.every((k) => k.status === "sent")) {
    throw new Error(`transactional messages not sent within ${WAIT_MS / 1000} s: ${JSON.stringify(keys)}`);
  }
  const answers = await mockProviderClient(providerUrl).answers();
  const answeredAt = new Map(answers.filter((a) => a.status < 300).map((a) => [a.idempotencyKey, a.at]));
  const latenciesMs = sent.map((s) => {
    const key = keys.find((k) => k.id === s.id)!.idempotencyKey;
    const at = answeredAt.get(key);
    if (at === undefined) throw new Error(`the provider has no answer for message ${s.id}`);
    return at - s.at;
  });
  return { latenciesMs, bulkPendingBefore, bulkPendingAfter };
}

const summary = (latencies: number[]) =>
  `p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}`;

/**
 * A transactional message's time from intake to the provider, first with nothing else to send,
 * then while a bulk backlog of `lanesBacklog` pending messages is being sent at full pace, in
 * the same run, through the real API, one worker and the mock provider.
 */
export const laneLatency: Measurement = {
  name: "lanes",
  title: "8. A transactional message under a bulk backlog",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const scope = "lanes";
    const backlog = ctx.sizes.lanesBacklog;
    const iso = await createSandbox({
      postgresUrl: ctx.serverUrl,
      redis: ctx.redisUrl,
      label: "bench-lanes",
    });
    const apps: SpawnedApp[] = [];
    try {
      await seedDispatcherState(iso.db, { running: false, ...PACE }, "bench");
      const provider = await startMockProvider();
      apps.push(provider.app);
      const { key, entry } = benchApiKey();
      const api = await startBenchApi({
        databaseUrl: iso.databaseUrl,
        redisUrl: ctx.redisUrl,
        prefix: iso.prefix,
        apiKeyEntry: entry,
        rateLimitMax: 1_000_000,
        logLevel: ctx.appLogLevel,
      });
      apps.push(api.app);
      const worker = await startBenchWorker({
        name: "worker",
        databaseUrl: iso.databaseUrl,
        redisUrl: ctx.redisUrl,
        prefix: iso.prefix,
        providerUrl: `${provider.baseUrl}/messages`,
        concurrency: ctx.concurrency,
        logLevel: ctx.appLogLevel,
      });
      apps.push(worker);
      const control = async (action: "start" | "stop") => {
        const res = await fetch(`${api.baseUrl}/api/v1/dispatcher/${action}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}` },
        });
        if (res.status !== 200) throw new Error(`${action} answered ${res.status}`);
      };
      const client = { baseUrl: api.baseUrl, key };

      ctx.progress(scope, `no backlog: ${SAMPLES} transactional messages, one every ${SPACING_MS} ms`);
      await control("start");
      const idle = await sendTransactional(iso.db, client, provider.baseUrl);
      ctx.progress(scope, `no backlog: ${summary(idle.latenciesMs)}`);

      await control("stop");
      ctx.progress(scope, `seeding ${int(backlog)} pending bulk messages`);
      await seedPending(iso.db, backlog);
      await vacuumAnalyze(iso.db);
      await control("start");
      // Sending the backlog is under way before the first transactional message.
      const sentBefore = (await countByStatus(iso.db)).sent;
      const flowDeadline = Date.now() + WAIT_MS;
      while ((await countByStatus(iso.db)).sent < sentBefore + PACE.batchSize) {
        if (Date.now() > flowDeadline)
          throw new Error(`bulk sending did not start within ${WAIT_MS / 1000} s`);
        await sleep(100);
      }
      const flowStarted = performance.now();
      const bulkSentAtStart = (await countByStatus(iso.db)).sent;
      ctx.progress(scope, `bulk sending under way: ${SAMPLES} transactional messages`);
      const loaded = await sendTransactional(iso.db, client, provider.baseUrl);
      const bulkRate =
        (((await countByStatus(iso.db)).sent - bulkSentAtStart) * 1000) / (performance.now() - flowStarted);
      ctx.progress(
        scope,
        `${int(loaded.bulkPendingBefore)}→${int(loaded.bulkPendingAfter)} bulk pending: ${summary(loaded.latenciesMs)}`,
      );

      const p95 = percentile(loaded.latenciesMs, 95);
      const rows: ResultRow[] = [
        {
          metric: "transactional, intake → provider, nothing else pending",
          value: summary(idle.latenciesMs),
          raw: percentile(idle.latenciesMs, 50),
          unit: "ms (p50)",
        },
        {
          metric: `transactional, intake → provider, ${int(loaded.bulkPendingBefore)} bulk pending`,
          value: summary(loaded.latenciesMs),
          raw: p95,
          unit: "ms (p95)",
          target: `p95 ≤ ${int(TARGET_P95_MS)} ms`,
          met: p95 <= TARGET_P95_MS,
        },
        {
          metric: "bulk sent meanwhile",
          value: `${int(bulkRate)} msg/s; ${int(loaded.bulkPendingAfter)} still pending after the last transactional intake`,
          raw: bulkRate,
          unit: "msg/s",
        },
      ];
      return {
        rows,
        details: {
          pace: PACE,
          samples: SAMPLES,
          spacingMs: SPACING_MS,
          idle,
          loaded,
          bulkRate,
        },
        notes: [
          `Lanes: one worker (WORKER_CONCURRENCY ${ctx.concurrency}), the real API and the mock provider (no latency); ` +
            `both lanes claim every ${dec(PACE.intervalMs / 1000, 0)} s, bulk ${int(PACE.batchSize)} and ` +
            `transactional ${int(PACE.transactionalBatchSize)} per claim. ${SAMPLES} transactional messages, one every ` +
            `${SPACING_MS} ms, each timed from just before its POST /api/v1/messages to the mock provider's answer to ` +
            `its send; first with nothing else pending, then after ${int(backlog)} pending bulk messages were seeded ` +
            "and their sending was under way. Ticks come from the job scheduler, so about half an interval of each " +
            "figure is the wait for the next claim.",
        ],
      };
    } finally {
      await stopAll(apps);
      await iso.cleanup();
    }
  },
};
