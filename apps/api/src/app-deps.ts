import type { Logger } from "@dispatcher/config";
import type { Database, Kysely } from "@dispatcher/db";
import type { DispatcherQueues, SentCache } from "@dispatcher/queue";
import type { Redis } from "ioredis";

/** What the HTTP app needs; built by main.ts, or by tests with test services. */
export interface AppDeps {
  db: Kysely<Database>;
  /** A `client` connection (fails fast), shared by the queues and the cache. */
  redis: Redis;
  queues: DispatcherQueues;
  cache: SentCache;
  logger: Logger;
}
