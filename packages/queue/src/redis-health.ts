import type { RedisConnection } from "./redis-connection.js";

/** Resolves when Redis answers PING within `timeoutMs`; rejects otherwise. */
export async function pingRedis(redis: RedisConnection, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
