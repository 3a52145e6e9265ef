import { loadWorkerConfig } from "@dispatcher/config";
import { createCallbackResolver } from "@dispatcher/core";
import { createDb, pingPostgres, seedProviders } from "@dispatcher/db";
import { ADAPTER_SETTINGS_CHECK, createBoundedLookup, createProviderAdapter } from "@dispatcher/providers";
import { createRedisConnection, pingRedis, readEvictionPolicy, redisTarget } from "@dispatcher/redis";
import { bootProcess, onShutdownSignal, requireNoEviction, requireReachable } from "@dispatcher/runtime";
import { shutdownTelemetry } from "@dispatcher/telemetry";
import {
  createDispatchWorker,
  type DispatchWorker,
  type DispatchWorkerOptions,
} from "./create-dispatch-worker.js";
import { startMetricsServer } from "./metrics-server.js";
import type { RoutedProvider } from "./send/provider-router.js";
import { createWorkerMetrics } from "./worker-metrics.js";

/**
 * Runs a worker process from its settings (the environment): connects to Postgres and Redis,
 * makes the provider adapters, starts the consumers (see createDispatchWorker) and the metrics
 * endpoint, and stops them all on SIGTERM or SIGINT. `createWorker` makes the consumers (default
 * createDispatchWorker); the fault suite's own entry point wraps it to break a worker on purpose.
 */
export async function runWorkerProcess(
  createWorker: (options: DispatchWorkerOptions) => DispatchWorker = createDispatchWorker,
): Promise<void> {
  const { config, logger } = bootProcess({
    name: "worker",
    packageJson: new URL("../package.json", import.meta.url),
    loadConfig: () => loadWorkerConfig(ADAPTER_SETTINGS_CHECK),
  });
  if (config.MESSAGE_MAX_LENGTH !== "") {
    logger.warn(
      "MESSAGE_MAX_LENGTH is set on this worker but not read: workers apply the content limit stored with the dispatcher state (set it on the API, or PATCH /api/v1/dispatcher)",
    );
  }

  const db = createDb({
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    poolMin: config.DATABASE_POOL_MIN,
    applicationName: "dispatcher-worker",
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    onError: (error) => logger.warn({ err: error.message }, "Postgres connection error"),
  });
  await requireReachable("Postgres", config.DATABASE_URL, () => pingPostgres(db, 5_000));
  const redis = redisTarget(config);
  const probe = createRedisConnection(redis, "client");
  await requireReachable("Redis", config.REDIS_URL, () => pingRedis(probe, 5_000));
  requireNoEviction(await readEvictionPolicy(probe), config.REDIS_ALLOW_EVICTION, logger);
  probe.disconnect();

  // Provider host names resolve on their own, bounded: a stalled lookup elsewhere cannot hold a send.
  const lookup = createBoundedLookup({ timeoutMs: config.PROVIDER_LOOKUP_TIMEOUT_MS });
  const providers: RoutedProvider[] = config.providers.map((entry) => ({
    name: entry.name,
    atLeastOnce: entry.atLeastOnce,
    adapter: createProviderAdapter(entry, {
      timeoutMs: config.PROVIDER_TIMEOUT_MS,
      maxSockets: config.WORKER_CONCURRENCY,
      lookup,
    }),
  }));
  // A provider seen for the first time is stored with its configured routing; then the API changes it.
  await seedProviders(db, config.providers);
  const metrics = createWorkerMetrics(providers.map((p) => p.name));
  const worker = createWorker({
    db,
    redis,
    providers,
    routing: new Map(config.providers.map((entry) => [entry.name, entry.routing])),
    logger,
    metrics,
    onBreakerState: metrics.setBreakerState,
    config: {
      queuePrefix: config.QUEUE_PREFIX,
      redisCommandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
      concurrency: config.WORKER_CONCURRENCY,
      sendAttempts: config.SEND_ATTEMPTS,
      sendBackoffMs: config.SEND_BACKOFF_MS,
      sentCacheTtlSeconds: config.SENT_CACHE_TTL_SECONDS,
      orphanAfterMs: config.ORPHAN_AFTER_MS,
      sendWindow: config.SEND_WINDOW,
      maxPauseMs: config.PROVIDER_MAX_PAUSE_MS,
      routingRefreshMs: config.PROVIDER_ROUTING_REFRESH_MS,
      retentionDays: config.RETENTION_DAYS,
      callbacks:
        config.callbackSigningSecrets.length === 0
          ? undefined
          : {
              secrets: config.callbackSigningSecrets,
              allowPrivate: config.ALLOW_PRIVATE_CALLBACKS,
              resolve: createCallbackResolver({
                timeoutMs: config.CALLBACK_DNS_TIMEOUT_MS,
                maxCacheMs: config.CALLBACK_DNS_CACHE_MAX_MS,
              }),
            },
      breaker: {
        windowMs: config.PROVIDER_BREAKER_WINDOW_MS,
        minCalls: config.PROVIDER_BREAKER_MIN_CALLS,
        failureRate: config.PROVIDER_BREAKER_FAILURE_RATE,
        cooldownMs: config.PROVIDER_BREAKER_COOLDOWN_MS,
        // A probe's answer may take the whole timeout; no other probe goes out meanwhile.
        probeMs: config.PROVIDER_TIMEOUT_MS + 1_000,
      },
      lockDurationMs: config.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: config.WORKER_MAX_STALLED_COUNT,
    },
  });
  logger.info(
    {
      providers: config.providers.map((p) => `${p.name} (${p.kind})`),
      concurrency: config.WORKER_CONCURRENCY,
      prefix: config.QUEUE_PREFIX,
    },
    "worker started",
  );
  // Metrics are for watching, not for sending: a worker whose metrics port is taken (two workers on
  // one host with the default port, say) logs the error and goes on sending.
  const metricsServer = await startMetricsServer({
    registry: metrics.registry,
    port: config.WORKER_METRICS_PORT,
    host: config.WORKER_METRICS_HOST,
    logger,
    ready: async () => {
      const [postgres, redis] = await Promise.all([
        upOrDown(pingPostgres(db, 1_000)),
        upOrDown(worker.pingRedis(1_000)),
      ]);
      return { postgres, redis };
    },
  }).then(
    (server) => {
      logger.info({ url: `${server.url}/metrics` }, "metrics endpoint listening");
      return server;
    },
    (error: unknown) => {
      logger.error(
        { err: error, host: config.WORKER_METRICS_HOST, port: config.WORKER_METRICS_PORT },
        "metrics endpoint could not start (set WORKER_METRICS_PORT, or 0 for any free port); sending goes on without it",
      );
      return undefined;
    },
  );

  onShutdownSignal(logger, config.WORKER_SHUTDOWN_TIMEOUT_MS, async () => {
    await worker.close();
    // Closed after the drain, so scrapes still see the last sends.
    await metricsServer?.close();
    await Promise.all(providers.map((p) => p.adapter.close()));
    await db.destroy();
    // Last: the spans of the last sends are exported.
    await shutdownTelemetry();
  });
}

function upOrDown(ping: Promise<void>): Promise<"up" | "down"> {
  return ping.then(
    () => "up" as const,
    () => "down" as const,
  );
}

export {
  createDispatchWorker,
  type DispatchWorker,
  type DispatchWorkerOptions,
} from "./create-dispatch-worker.js";
export type { RoutedProvider } from "./send/provider-router.js";
