import {
  createLogger,
  exitIfVersionRequested,
  loadApiConfig,
  onShutdownSignal,
  requireReachable,
} from "@dispatcher/config";
import { createDb, pingPostgres, seedDispatcherState } from "@dispatcher/db";
import {
  createDispatcherQueues,
  createRedisConnection,
  createSentCache,
  pingRedis,
  reconcileDispatcher,
} from "@dispatcher/queue";
import { buildApp } from "./build-app.js";
import { startReconcileLoop } from "./reconcile-loop.js";

exitIfVersionRequested(new URL("../package.json", import.meta.url));
const config = loadApiConfig();
const logger = createLogger({ name: "api", level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });

const db = createDb({
  url: config.DATABASE_URL,
  poolSize: config.DATABASE_POOL_SIZE,
  applicationName: "dispatcher-api",
});
await requireReachable("Postgres", config.DATABASE_URL, () => pingPostgres(db, 5_000));
const redis = createRedisConnection(config.REDIS_URL, "client", (error) =>
  logger.warn({ err: error.message }, "Redis connection error"),
);
await requireReachable("Redis", config.REDIS_URL, () => pingRedis(redis, 5_000));

const queues = createDispatcherQueues({ connection: redis, prefix: config.QUEUE_PREFIX });
// A fresh deploy stores the configured pace, running when AUTO_START; an existing state is kept.
const seeded = await seedDispatcherState(
  db,
  {
    running: config.AUTO_START,
    intervalMs: config.DISPATCH_INTERVAL_MS,
    batchSize: config.DISPATCH_BATCH_SIZE,
  },
  "system",
);
await reconcileDispatcher({ db, queues });
logger.info(
  { running: seeded.running, intervalMs: seeded.intervalMs, batchSize: seeded.batchSize },
  "dispatcher state applied",
);
const stopReconciling = startReconcileLoop({ db, queues, logger }, config.RECONCILE_INTERVAL_MS);

const app = await buildApp({
  db,
  redis,
  queues,
  cache: createSentCache(redis, { prefix: config.QUEUE_PREFIX, ttlSeconds: 1 }),
  logger,
});
await app.listen({ host: config.API_HOST, port: config.API_PORT });

onShutdownSignal(logger, 30_000, async () => {
  await app.close();
  await stopReconciling();
  await queues.close();
  redis.disconnect();
  await db.destroy();
});
