import type { RedisConnection } from "./redis-connection.js";

export interface SentCacheEntry {
  providerMessageId: string | null;
  sentAt: Date;
}

export interface SentCache {
  /** Stores each message's `{messageId, sentAt}` with the TTL, in one round trip. */
  remember: (entries: Array<{ id: number } & SentCacheEntry>) => Promise<void>;
  /** Looks up many messages in one round trip; absent or expired ids are not in the map. */
  lookup: (ids: number[]) => Promise<Map<number, SentCacheEntry>>;
}

/**
 * The Redis cache of sent messages: key `<prefix>:sent:<id>`, JSON `{messageId, sentAt}`.
 * Postgres stays the source of truth; this serves fast reads. With a `{hash-tag}` prefix every
 * key shares one Redis Cluster slot, so MGET works there too.
 */
export function createSentCache(
  redis: RedisConnection,
  options: { prefix: string; ttlSeconds: number },
): SentCache {
  const key = (id: number) => `${options.prefix}:sent:${id}`;
  return {
    remember: async (entries) => {
      if (entries.length === 0) return;
      const pipeline = redis.pipeline();
      for (const e of entries) {
        const value = JSON.stringify({ messageId: e.providerMessageId, sentAt: e.sentAt.toISOString() });
        pipeline.set(key(e.id), value, "EX", options.ttlSeconds);
      }
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
    lookup: async (ids) => {
      const found = new Map<number, SentCacheEntry>();
      if (ids.length === 0) return found;
      const values = await redis.mget(ids.map(key));
      values.forEach((value, i) => {
        if (value === null) return;
        const parsed = JSON.parse(value) as { messageId: string | null; sentAt: string };
        found.set(ids[i]!, { providerMessageId: parsed.messageId, sentAt: new Date(parsed.sentAt) });
      });
      return found;
    },
  };
}
