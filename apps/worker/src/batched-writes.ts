import { type Db, markSent, type SendingMessage, type SentRecord, startSending } from "@dispatcher/db";
import type { SentCache } from "@dispatcher/redis";
import { createMicroBatcher } from "./micro-batcher.js";

export interface BatchedWrites {
  startAttempt: (id: number) => Promise<SendingMessage | undefined>;
  recordSent: (record: SentRecord) => Promise<boolean>;
  cacheSent: (record: SentRecord) => Promise<void>;
}

/**
 * The send path's per-message writes, grouped: sends that reach the same step within `maxWaitMs`
 * share one SQL statement (or one Redis pipeline), so a worker running `maxSize` sends at once
 * makes a handful of round trips instead of one per message. Each call still gets its own answer,
 * and the statements stay conditional, so the guarantees are those of the single-row calls.
 */
export function createBatchedWrites(options: {
  db: Db;
  cache: SentCache;
  maxSize: number;
  maxWaitMs: number;
}): BatchedWrites {
  const { db, cache, maxSize, maxWaitMs } = options;
  return {
    startAttempt: createMicroBatcher<number, SendingMessage | undefined>({
      maxSize,
      maxWaitMs,
      run: async (ids) => {
        const rows = await startSending(db, [...new Set(ids)]);
        const byId = new Map(rows.map((row) => [row.id, row]));
        // Two jobs for one message in the same batch: only the first may send.
        return ids.map((id) => {
          const row = byId.get(id);
          byId.delete(id);
          return row;
        });
      },
    }),
    recordSent: createMicroBatcher<SentRecord, boolean>({
      maxSize,
      maxWaitMs,
      run: async (records) => {
        const changed = new Set(await markSent(db, records));
        return records.map((r) => changed.has(r.id));
      },
    }),
    cacheSent: createMicroBatcher<SentRecord, void>({
      maxSize,
      maxWaitMs,
      run: async (records) => {
        await cache.remember(records);
        return records.map(() => undefined);
      },
    }),
  };
}
