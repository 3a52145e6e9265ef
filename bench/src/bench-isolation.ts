import { randomUUID } from "node:crypto";
import type { Db } from "@dispatcher/db";
import { createTestDatabase } from "@dispatcher/db/testing";
import { createDispatcherQueues, createRedisConnection, type DispatcherQueues } from "@dispatcher/redis";
import { Redis } from "ioredis";

/** One measurement's own Postgres database and Redis key prefix, with the app's queues on it. */
export interface BenchIsolation {
  /** URL of the fresh, migrated database, for child processes. */
  databaseUrl: string;
  db: Db;
  /** QUEUE_PREFIX of this measurement, e.g. `bench-e2e-1a2b3c4d`. */
  prefix: string;
  /** A plain connection for the bench's own Redis calls (the queues have their own `client` connection). */
  redis: Redis;
  /** The app's tick and send queues under `prefix`, with the app's default job options. */
  queues: DispatcherQueues;
  /**
   * Obliterates both queues, deletes every other key under the prefix (the sent cache), closes the
   * connections and drops the database. Safe to call once, after every process using them stopped.
   */
  cleanup: () => Promise<void>;
}

/** Creates a fresh database on `serverUrl` (migrated, as the tests do) and a prefix no one else uses. */
export async function createBenchIsolation(
  serverUrl: string,
  redisUrl: string,
  label: string,
): Promise<BenchIsolation> {
  const t = await createTestDatabase(serverUrl);
  const prefix = `bench-${label}-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const connection = createRedisConnection(redisUrl, "client");
  const queues = createDispatcherQueues({ connection, prefix });
  return {
    databaseUrl: t.url,
    db: t.db,
    prefix,
    redis,
    queues,
    cleanup: async () => {
      try {
        await queues.tick.obliterate({ force: true });
        await queues.send.obliterate({ force: true });
        await queues.close();
        await deleteKeys(redis, `${prefix}:*`);
      } finally {
        connection.disconnect();
        redis.disconnect();
        await t.drop();
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
