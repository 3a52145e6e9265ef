import { listSent } from "@dispatcher/db";
import { captureStatements, explainAnalyze } from "@dispatcher/db/testing";
import { createSandbox, stopAll } from "@dispatcher/testing";
import autocannon from "autocannon";
import { benchApiKey, startBenchApi } from "./app-processes.js";
import { startCpuAccounting } from "./cpu-accounting.js";
import { scanLines } from "./explain-plan.js";
import { dec, int, ms } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult } from "./measurement.js";
import { findPids } from "./process-stats.js";
import { postgresPids, seedSent, vacuumAnalyze } from "./seed-messages.js";

/** The route under load. */
const PATH = "/api/v1/messages/sent?limit=50";
/** Requests per window the API allows during the run (RATE_LIMIT_MAX's maximum): the limiter still runs, it never trips. */
const RATE_LIMIT_MAX = 1_000_000;
/** Seconds of unrecorded load before the measured run (JIT, pools, caches). */
const WARMUP_SECONDS = 2;

/** Runs autocannon against `url` for `seconds`, calling `onTick` with the requests done each second. */
function loadTest(
  url: string,
  options: { connections: number; seconds: number; headers: Record<string, string> },
  onTick: (second: number, requests: number) => void = () => {},
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    let second = 0;
    const instance = autocannon(
      { url, connections: options.connections, duration: options.seconds, headers: options.headers },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // The typings declare "tick" without its argument: `{counter, bytes}` of the last second.
    (instance as NodeJS.EventEmitter).on("tick", (tick: { counter: number }) =>
      onTick(++second, tick.counter),
    );
  });
}

/**
 * API read latency: a table of sent rows (generate_series; sent_at spread over 30 days,
 * provider_message_id set), the real API process with an API key, and autocannon with N
 * connections on `GET /api/v1/messages/sent?limit=50` for the configured seconds after a warm-up.
 */
export const apiLatency: Measurement = {
  name: "api",
  title: "6. API read latency",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const scope = "api";
    const { apiRows, apiConnections, apiSeconds } = ctx.sizes;
    const iso = await createSandbox({
      postgresUrl: ctx.serverUrl,
      redis: ctx.redisUrl,
      label: "bench-api",
    });
    try {
      await seedSent(iso.db, apiRows, (n) =>
        ctx.progress(scope, `seeding sent rows: ${int(n)}/${int(apiRows)}`),
      );
      await vacuumAnalyze(iso.db);
      const capture = captureStatements(iso.db);
      await listSent(capture.db, { limit: 50 });
      const plan = await explainAnalyze(iso.db, capture.statements.at(-1)!);

      const { key, entry: apiKeyEntry } = benchApiKey();
      const api = await startBenchApi({
        databaseUrl: iso.databaseUrl,
        redisUrl: ctx.redisUrl,
        prefix: iso.prefix,
        apiKeyEntry,
        rateLimitMax: RATE_LIMIT_MAX,
        logLevel: ctx.appLogLevel,
      });
      try {
        const url = `${api.baseUrl}${PATH}`;
        const headers = { authorization: `Bearer ${key}` };
        const probe = await fetch(url, { headers });
        const page = (await probe.json()) as { items?: unknown[] };
        if (probe.status !== 200 || page.items?.length !== 50) {
          throw new Error(`GET ${PATH} answered ${probe.status} with ${page.items?.length} items`);
        }
        ctx.progress(scope, `warming up for ${WARMUP_SECONDS} s`);
        await loadTest(url, { connections: apiConnections, seconds: WARMUP_SECONDS, headers });

        const cpu = await startCpuAccounting({
          api: () => [api.app.child.pid!],
          postgres: () => postgresPids(iso.db),
          redis: () => findPids("redis-server"),
        });
        let done = 0;
        const result = await loadTest(
          url,
          { connections: apiConnections, seconds: apiSeconds, headers },
          (second, requests) => {
            if (second > apiSeconds) return;
            done += requests;
            ctx.progress(scope, `${second}/${apiSeconds} s, ${int(requests)} req/s, ${int(done)} requests`);
            void cpu.sample();
          },
        );
        const cpuReport = await cpu.stop();
        const l = result.latency;
        const requests = result.requests.total;
        const ok = result.non2xx === 0 && result.errors === 0;
        ctx.progress(
          scope,
          `done: p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, ${int(result.requests.average)} req/s`,
        );
        const perRequest = (seconds: number) => `${int((seconds * 1e6) / Math.max(1, requests))} µs`;
        return {
          rows: [
            {
              metric: `p50 latency, ${apiConnections} connections`,
              value: ms(l.p50),
              raw: l.p50,
              unit: "ms",
            },
            { metric: "p99 latency", value: ms(l.p99), raw: l.p99, unit: "ms" },
            {
              metric: "throughput",
              value: `${int(result.requests.average)} req/s (${int(requests)} in ${result.duration} s)`,
              raw: result.requests.average,
              unit: "req/s",
            },
            {
              metric: "non-2xx / errors / timeouts",
              value: `${result.non2xx} / ${result.errors} / ${result.timeouts}`,
              raw: result.non2xx + result.errors,
              unit: "count",
              target: "0",
              met: ok,
            },
            {
              metric: "CPU per request",
              value:
                Object.entries(cpuReport.groups)
                  .map(([group, seconds]) => `${group} ${perRequest(seconds)}`)
                  .join(", ") +
                `, autocannon (bench) ${perRequest(cpuReport.bench)}; machine ${dec(cpuReport.machineBusyCores, 2)} cores busy`,
              raw: null,
              unit: "µs/req",
            },
            {
              metric: `listSent plan at ${int(apiRows)} rows`,
              value: scanLines(plan).join("; "),
              raw: null,
              unit: "plan",
            },
          ],
          details: {
            rows: apiRows,
            connections: apiConnections,
            seconds: apiSeconds,
            warmupSeconds: WARMUP_SECONDS,
            rateLimitMax: RATE_LIMIT_MAX,
            latencyMs: l,
            requests: result.requests,
            throughputBytes: result.throughput,
            non2xx: result.non2xx,
            errors: result.errors,
            timeouts: result.timeouts,
            cpu: cpuReport,
            listSentStatement: capture.statements.at(-1),
            listSentPlan: plan,
          },
          notes: [
            `API latency: ${int(apiRows)} sent rows (INSERT … SELECT generate_series, sent_at spread over 30 days, ` +
              `provider_message_id set), VACUUM ANALYZE, the real API (LOG_LEVEL ${ctx.appLogLevel}, API_KEYS with one ` +
              `bench key sent as a Bearer token, RATE_LIMIT_MAX raised to ${int(RATE_LIMIT_MAX)} so the limiter runs but ` +
              `never answers 429), autocannon in the bench process with ${apiConnections} connections for ` +
              `${apiSeconds} s after a ${WARMUP_SECONDS} s warm-up. The sent cache is empty (rows were seeded), so every ` +
              "page also does one MGET miss in Redis.",
          ],
        };
      } finally {
        await stopAll([api.app]);
      }
    } finally {
      await iso.cleanup();
    }
  },
};
