import { createLogger } from "@dispatcher/config";
import { seedDispatcherState } from "@dispatcher/db";
import { createTestDatabase, type TestDatabase, testQueuePrefix } from "@dispatcher/db/testing";
import {
  createDispatcherQueues,
  createRedisConnection,
  createSentCache,
  type DispatcherQueues,
  reconcileDispatcher,
  type SentCache,
} from "@dispatcher/queue";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { inject } from "vitest";
import { buildApp } from "../src/build-app.js";

export interface ApiHarness {
  app: FastifyInstance;
  t: TestDatabase;
  queues: DispatcherQueues;
  cache: SentCache;
  redis: Redis;
  prefix: string;
  close: () => Promise<void>;
}

/** The API app over a fresh database and queue prefix, seeded and converged as main.ts does. */
export async function startApi(options: { running?: boolean; redisUrl?: string } = {}): Promise<ApiHarness> {
  const t = await createTestDatabase(inject("databaseUrl"));
  const prefix = testQueuePrefix();
  const redis = createRedisConnection(options.redisUrl ?? inject("redisUrl"), "client");
  const queues = createDispatcherQueues({ connection: redis, prefix });
  const cache = createSentCache(redis, { prefix, ttlSeconds: 600 });
  await seedDispatcherState(
    t.db,
    { running: options.running ?? true, intervalMs: 120_000, batchSize: 2 },
    "system",
  );
  if (!options.redisUrl) await reconcileDispatcher({ db: t.db, queues });
  const app = await buildApp({
    db: t.db,
    redis,
    queues,
    cache,
    logger: createLogger({ name: "api-test", level: "silent", pretty: false }),
  });
  return {
    app,
    t,
    queues,
    cache,
    redis,
    prefix,
    close: async () => {
      await app.close();
      if (!options.redisUrl) {
        await queues.tick.obliterate({ force: true });
        await queues.send.obliterate({ force: true });
      }
      await queues.close();
      redis.disconnect();
      await t.drop();
    },
  };
}
