import type { RedisConnection } from "./redis-connection.js";

/** `promise`, or a rejection when it has not settled within `timeoutMs`. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when Redis answers PING within `timeoutMs`; rejects otherwise. */
export async function pingRedis(redis: RedisConnection, timeoutMs = 2_000): Promise<void> {
  await withTimeout(redis.ping(), timeoutMs);
}

/**
 * Redis's `maxmemory-policy`, or undefined when the server does not say within `timeoutMs` (a
 * managed Redis that refuses CONFIG, say). Anything but `noeviction` lets Redis delete keys under
 * memory pressure, and with them queued jobs, locks and the scheduler.
 */
export async function readEvictionPolicy(
  redis: RedisConnection,
  timeoutMs = 2_000,
): Promise<string | undefined> {
  try {
    const reply = (await withTimeout(redis.config("GET", "maxmemory-policy"), timeoutMs)) as unknown;
    const values = Array.isArray(reply) ? reply.flat() : [];
    const policy = values[values.indexOf("maxmemory-policy") + 1];
    return typeof policy === "string" ? policy : undefined;
  } catch {
    return undefined;
  }
}
