import { Redis, type RedisOptions } from "ioredis";

/**
 * A Redis connection for BullMQ or the cache.
 * - `blocking`: for Workers. Commands wait through disconnects (BullMQ requires
 *   `maxRetriesPerRequest: null`), so a Redis restart pauses work instead of failing jobs.
 * - `client`: for Queues, the cache and health checks. Commands fail after a few retries, so
 *   an HTTP request never hangs on a Redis outage.
 * `onError` hears connection errors (each distinct one once until the connection is ready again).
 */
export function createRedisConnection(
  url: string,
  role: "blocking" | "client",
  onError: (error: Error) => void = () => {},
): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: role === "blocking" ? null : 3,
    enableReadyCheck: true,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  };
  const redis = new Redis(url, options);
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
