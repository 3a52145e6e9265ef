import { randomUUID } from "node:crypto";
import type { Db } from "@dispatcher/db";
import { createTestDatabase } from "@dispatcher/db/testing";
import {
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  type RedisTarget,
} from "@dispatcher/redis";
import { Cluster, type Redis } from "ioredis";

/**
 * What one test file, fault scenario or bench measurement runs on alone: a fresh, migrated
 * database and a Redis key prefix no one else uses, with the app's queues on that prefix.
 */
export interface Sandbox {
  /** URL of the sandbox's database, for the processes it starts. */
  databaseUrl: string;
  db: Db;
  /** QUEUE_PREFIX of the sandbox, e.g. `test-1a2b3c4d-…`. */
  prefix: string;
  /** The sandbox's own Redis connection; the queues use it too. */
  redis: RedisConnection;
  /** The app's tick and send queues under `prefix`. */
  queues: DispatcherQueues;
  /**
   * Obliterates both queues, deletes every other key under the prefix (the sent cache, a provider
   * pause), closes the connection and drops the database. Call once, after everything using them
   * stopped. A Redis that is not connected then (a private server a test stopped) is left alone.
   */
  cleanup: () => Promise<void>;
}

export interface SandboxOptions {
  /** The Postgres server the database is created on (vitest's `inject("databaseUrl")`). */
  postgresUrl: string;
  /** The Redis server (vitest's `inject("redisUrl")`), or a Redis Cluster's seed nodes. */
  redis: RedisTarget;
  /** Starts the prefix, so leftovers say who made them (default `test`). */
  label?: string;
  /** The whole prefix instead (a Redis Cluster needs a `{hash-tag}` in it). */
  prefix?: string;
  /** REDIS_COMMAND_TIMEOUT_MS of the sandbox's connection (default 5 s). */
  redisCommandTimeoutMs?: number;
}

/** A new sandbox (see Sandbox). */
export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const database = await createTestDatabase(options.postgresUrl);
  const prefix = options.prefix ?? `${options.label ?? "test"}-${randomUUID()}`;
  const redis = createRedisConnection(options.redis, "client", {
    commandTimeoutMs: options.redisCommandTimeoutMs,
  });
  const queues = createDispatcherQueues({ connection: redis, prefix });
  return {
    databaseUrl: database.url,
    db: database.db,
    prefix,
    redis,
    queues,
    cleanup: async () => {
      try {
        if (redis.status === "ready") {
          await queues.tick.obliterate({ force: true });
          await queues.send.obliterate({ force: true });
          await queues.arrivals.obliterate({ force: true });
          await queues.callbacks.obliterate({ force: true });
          await queues.housekeeping.obliterate({ force: true });
          // On a cluster the queues' keys are the prefix's (one hash slot), and obliterate took them.
          if (!(redis instanceof Cluster)) await deleteKeys(redis as Redis, `${prefix}:*`);
        }
        await queues.close();
      } finally {
        redis.disconnect();
        await database.drop();
      }
    },
  };
}

/** Deletes every key matching `pattern` (SCAN + UNLINK, 1,000 at a time). */
async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}
