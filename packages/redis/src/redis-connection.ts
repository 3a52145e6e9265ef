import { Cluster, Redis, type RedisOptions } from "ioredis";

/** A single Redis server or a Redis Cluster; BullMQ, the cache and the rate limiter take either. */
export type RedisConnection = Redis | Cluster;

/**
 * Where Redis is: a URL, or the seed nodes of a Redis Cluster (`redis://host:port` each). On a
 * cluster every key must share one slot, so QUEUE_PREFIX must hold a `{hash-tag}`.
 */
export type RedisTarget = string | { clusterNodes: string[] };

/** REDIS_COMMAND_TIMEOUT_MS's default. */
const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;

/**
 * A Redis connection for BullMQ or the cache.
 * - `blocking`: for Workers. Commands wait through disconnects (BullMQ requires
 *   `maxRetriesPerRequest: null`), so a Redis restart pauses work instead of failing jobs.
 * - `client`: for Queues, the cache and health checks. Commands fail after a few retries, and
 *   any command without an answer after `commandTimeoutMs` (default 5 s) fails, so an HTTP
 *   request or a reconcile pass never hangs on a Redis outage or a stalled Redis.
 * `onError` hears connection errors (each distinct one once until the connection is ready again).
 */
export function createRedisConnection(
  target: RedisTarget,
  role: "blocking" | "client",
  options: {
    /** Hears connection errors. @defaultValue nothing hears them */
    onError?: (error: Error) => void;
    /** For `client`: how long a command may go unanswered, in ms. @defaultValue 5000 */
    commandTimeoutMs?: number;
  } = {},
): RedisConnection {
  const onError = options.onError ?? (() => {});
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: role === "blocking" ? null : 3,
    ...(role === "client" ? { commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS } : {}),
    enableReadyCheck: true,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  const redis =
    typeof target === "string"
      ? new Redis(target, redisOptions)
      : new Cluster(
          target.clusterNodes.map((node) => {
            const url = new URL(node);
            return { host: url.hostname, port: Number(url.port || 6379) };
          }),
          {
            redisOptions,
            enableReadyCheck: true,
            clusterRetryStrategy: (times) => Math.min(times * 200, 2_000),
            ...(role === "blocking" ? {} : { maxRedirections: 16 }),
          },
        );
  // ioredis reconnects by itself; report each distinct error once per outage instead of per retry.
  let last = "";
  redis.on("error", (error: Error) => {
    if (error.message === last) return;
    last = error.message;
    onError(error);
  });
  redis.on("ready", () => {
    last = "";
  });
  return redis;
}

/** The target named by REDIS_URL and REDIS_CLUSTER_NODES (comma-separated; wins when set). */
export function redisTarget(config: { REDIS_URL: string; REDIS_CLUSTER_NODES: string }): RedisTarget {
  const nodes = config.REDIS_CLUSTER_NODES.split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return nodes.length > 0 ? { clusterNodes: nodes } : config.REDIS_URL;
}
