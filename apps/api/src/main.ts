import { loadApiConfig } from "@dispatcher/config";
import { reconcileDispatcher } from "@dispatcher/control";
import { createCallbackResolver, withKeywords } from "@dispatcher/core";
import {
  createDb,
  listLanes,
  pingPostgres,
  seedDispatcherState,
  seedProviders,
  setReceiptPolicy,
} from "@dispatcher/db";
import { ADAPTER_SETTINGS_CHECK, createInboundReaders, createReceiptReaders } from "@dispatcher/providers";
import {
  createDispatcherQueues,
  createRedisConnection,
  createSentCache,
  pingRedis,
  readEvictionPolicy,
  redisTarget,
} from "@dispatcher/redis";
import {
  bootProcess,
  onShutdownSignal,
  readVersion,
  requireNoEviction,
  requireReachable,
} from "@dispatcher/runtime";
import { shutdownTelemetry } from "@dispatcher/telemetry";
import { buildApp } from "./build-app.js";
import { startReconcileLoop } from "./control/reconcile-loop.js";
import { createDeliveryMetrics } from "./metrics/delivery-metrics.js";
import { receiptPolicyOf } from "./receipts/receipt-policy.js";

// From src/main.ts under tsx and from dist/main.js alike, the app's package.json is one level up.
const packageJson = new URL("../package.json", import.meta.url);
const { config, logger } = bootProcess({
  name: "api",
  packageJson,
  loadConfig: () => loadApiConfig(ADAPTER_SETTINGS_CHECK),
});

if (config.API_KEYS.length === 0) {
  if (config.NODE_ENV === "production") {
    logger.fatal(
      "API_KEYS is empty: refusing to start an unauthenticated API in production. Make a key with `pnpm api-key <name>` " +
        "(in a container: `node apps/api/dist/api-key.js <name>`) and set API_KEYS to the entry it prints",
    );
    process.exit(1);
  }
  logger.warn(
    "API_KEYS is empty: /api/* and /admin/queues are OPEN to anyone who can reach this port. " +
      "Create a key with `pnpm api-key <name>` and set API_KEYS before exposing the API.",
  );
}

if (config.recipientHashKey === "") {
  logger.fatal(
    "RECIPIENT_HASH_KEY is empty: refusing to start in production, where it keys the recipient hashes messages " +
      "are found by. Set it to a secret of at least 32 characters (openssl rand -hex 32) and keep it (see docs/protection.md)",
  );
  process.exit(1);
}

const db = createDb({
  url: config.DATABASE_URL,
  poolSize: config.DATABASE_POOL_SIZE,
  poolMin: config.DATABASE_POOL_MIN,
  applicationName: "dispatcher-api",
  statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  onError: (error) => logger.warn({ err: error.message }, "Postgres connection error"),
});
await requireReachable("Postgres", config.DATABASE_URL, () => pingPostgres(db, 5_000));
const redis = createRedisConnection(redisTarget(config), "client", {
  onError: (error) => logger.warn({ err: error.message }, "Redis connection error"),
  commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
});
await requireReachable("Redis", config.REDIS_URL, () => pingRedis(redis, 5_000));
requireNoEviction(await readEvictionPolicy(redis), config.REDIS_ALLOW_EVICTION, logger);

const queues = createDispatcherQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
// A fresh deploy stores the configured lanes and paces, running when AUTO_START; an existing state
// is kept, and a lane named for the first time is added.
const seeded = await seedDispatcherState(
  db,
  { running: config.AUTO_START, messageMaxLength: config.MESSAGE_MAX_LENGTH, lanes: config.lanes },
  "system",
);
await reconcileDispatcher({ db, queues });
// Providers named in PROVIDERS are stored with their configured routing the first time they are seen.
await seedProviders(db, config.providers);
const providerReceipts = createReceiptReaders(config.providers);
const providerInbound = createInboundReaders(config.providers);
logger.info(
  {
    running: seeded.running,
    messageMaxLength: seeded.messageMaxLength,
    lanes: Object.fromEntries(
      (await listLanes(db)).map((l) => [l.name, `${l.batchSize} every ${l.intervalMs} ms`]),
    ),
  },
  "dispatcher state applied",
);
const intakeKeyTtlMs = config.INTAKE_IDEMPOTENCY_TTL_HOURS * 3_600_000;
const deliveryMetrics = createDeliveryMetrics();
const receiptSecrets = [config.RECEIPT_SECRET, config.RECEIPT_SECRET_PREVIOUS].filter((s) => s !== "");
// The workers' receipt sweep follows it: which sent messages wait for a receipt, and how long.
const receiptPolicy = receiptPolicyOf({
  receiptSecret: config.RECEIPT_SECRET,
  timeoutMs: config.RECEIPT_TIMEOUT_MS,
  ownReceipts: [...providerReceipts.keys()],
});
await setReceiptPolicy(db, receiptPolicy);
logger.info({ receipts: receiptPolicy ?? "off" }, "receipt policy stored");
const stopReconciling = startReconcileLoop(
  { db, queues, logger },
  { intervalMs: config.RECONCILE_INTERVAL_MS, timeoutMs: config.RECONCILE_INTERVAL_MS },
);

const app = await buildApp({
  db,
  redis,
  queues,
  cache: createSentCache(redis, { prefix: config.QUEUE_PREFIX, ttlSeconds: 1 }),
  logger,
  deliveryMetrics,
  settings: {
    version: readVersion(packageJson),
    allowEviction: config.REDIS_ALLOW_EVICTION,
    apiKeys: config.API_KEYS,
    corsOrigins: config.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimit: { max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    intakeKeyTtlMs,
    segments: { max: config.MESSAGE_MAX_SEGMENTS, turkishShiftTables: config.PROVIDER_TURKISH_SHIFT_TABLES },
    queuePrefix: config.QUEUE_PREFIX,
    recipientHashKey: config.recipientHashKey,
    // Callbacks report delivery-status changes, which only receipts make: both secrets are needed.
    callbacks:
      config.CALLBACK_SIGNING_SECRET === "" || config.RECEIPT_SECRET === ""
        ? undefined
        : {
            allowPrivate: config.ALLOW_PRIVATE_CALLBACKS,
            resolve: createCallbackResolver({
              timeoutMs: config.CALLBACK_DNS_TIMEOUT_MS,
              maxCacheMs: config.CALLBACK_DNS_CACHE_MAX_MS,
            }),
            byKey: config.API_KEY_CALLBACK_URLS,
          },
    receipts:
      config.RECEIPT_SECRET === ""
        ? undefined
        : { secrets: receiptSecrets, toleranceSeconds: config.RECEIPT_TOLERANCE_SECONDS },
    providerReceipts,
    providerInbound,
    inboundKeywords: withKeywords({
      stop: config.STOP_KEYWORDS,
      start: config.START_KEYWORDS,
      help: config.HELP_KEYWORDS,
    }),
  },
});
await app.listen({ host: config.API_HOST, port: config.API_PORT });

onShutdownSignal(logger, 30_000, async () => {
  await app.close();
  await stopReconciling();
  await queues.close();
  redis.disconnect();
  await db.destroy();
  // Last: the spans of everything above are exported.
  await shutdownTelemetry();
});
