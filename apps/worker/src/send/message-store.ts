import {
  addOptOut,
  type Db,
  markExpired,
  markFailed,
  markSent,
  markUnconfirmed,
  moveAttempt,
  type ProviderCandidates,
  recordAttemptError,
  type SendingMessage,
  type SentRecord,
  startSending,
  undoAttempt,
} from "@dispatcher/db";
import type { SentCache } from "@dispatcher/redis";

/**
 * Every write the send path makes, one message per call. Postgres stays the record; the cache
 * write is best effort. Batching is this module's business: callers see single-message calls.
 */
export interface MessageStore {
  /**
   * Starts an attempt (`queued|sending → sending`, attempts + 1) and gives it a provider (see
   * startSending): the row, or undefined when the message is no longer claimed.
   */
  startAttempt: (id: number) => Promise<SendingMessage | undefined>;
  /** Moves the attempt to `provider` before its request (see moveAttempt): false when it is no longer this one. */
  moveAttempt: (id: number, attempt: number, provider: string) => Promise<boolean>;
  /** Takes back attempt `attempt`, which made no request (see undoAttempt): false when it is no longer this one. */
  undoAttempt: (id: number, attempt: number) => Promise<boolean>;
  /** Ends the message `unconfirmed` with `reason`: the provider may have sent it and cannot tell. */
  recordUnconfirmed: (id: number, reason: string) => Promise<void>;
  /** `sending → sent` with the provider's id and time: true when this call recorded it. */
  recordSent: (record: SentRecord) => Promise<boolean>;
  /** Caches a sent message's provider message id and send time in Redis (see createSentCache). */
  cacheSent: (record: SentRecord) => Promise<void>;
  /** Fails the message for good with `reason` (`refusedAttempt`: see markFailed). */
  recordFailed: (id: number, reason: string, refusedAttempt?: number) => Promise<void>;
  /**
   * Keeps an attempt's error (counted as rate-limited on a 429; `refusedAttempt`: that attempt was
   * definitely refused, see recordAttemptError).
   */
  recordAttemptError: (
    id: number,
    error: string,
    options?: { rateLimited?: boolean; refusedAttempt?: number },
  ) => Promise<void>;
  /** Ends a message being sent as `expired` with `reason` (its time passed before its request). */
  recordExpired: (id: number, reason: string) => Promise<void>;
  /** Puts `recipient` on the suppression list because the provider said it opted out (`code`: its error code). */
  recordProviderOptOut: (recipient: string, reason: string, code?: string) => Promise<void>;
}

/**
 * The message store on Postgres and the sent cache. The three hot writes are grouped: sends that
 * reach the same step together share one SQL statement (or one Redis pipeline; see
 * createMicroBatcher), so a worker running `maxSize` sends at once makes a handful of round trips
 * instead of one per message. Each call still gets its own answer, and the statements stay
 * conditional, so the guarantees are those of the single-row calls. Failures and attempt errors
 * are rare, and written one by one.
 */
export function createMessageStore(options: {
  db: Db;
  cache: SentCache;
  maxSize: number;
  /** Most statements (or pipelines) of one kind running at once (see createMicroBatcher). */
  maxInFlight: number;
  /** The providers a free attempt may be given when its statement runs (ProviderRouter.candidates). */
  candidates: () => ProviderCandidates;
}): MessageStore {
  const { db, cache, maxSize, maxInFlight, candidates } = options;
  return {
    startAttempt: createMicroBatcher<number, SendingMessage | undefined>({
      maxSize,
      maxInFlight,
      run: async (ids) => {
        const rows = await startSending(db, [...new Set(ids)], candidates());
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
      maxInFlight,
      run: async (records) => {
        const changed = new Set(await markSent(db, records));
        return records.map((r) => changed.has(r.id));
      },
    }),
    cacheSent: createMicroBatcher<SentRecord, void>({
      maxSize,
      maxInFlight,
      run: async (records) => {
        await cache.remember(records);
        return records.map(() => undefined);
      },
    }),
    moveAttempt: (id, attempt, provider) => moveAttempt(db, { id, attempt, provider }),
    undoAttempt: (id, attempt) => undoAttempt(db, id, attempt),
    recordUnconfirmed: async (id, reason) => {
      await markUnconfirmed(db, id, reason);
    },
    recordFailed: async (id, reason, refusedAttempt) => {
      await markFailed(db, [{ id, error: reason, refusedAttempt }]);
    },
    recordAttemptError: async (id, error, recordOptions) => {
      await recordAttemptError(db, { id, error, ...recordOptions });
    },
    recordExpired: async (id, reason) => {
      await markExpired(db, id, reason);
    },
    recordProviderOptOut: async (recipient, reason, code) => {
      await addOptOut(db, { recipient, reason, source: "provider", detail: code ?? null, actor: "provider" });
    },
  };
}

/**
 * Groups concurrent calls into batches: `run` gets the waiting items at once and must return one
 * result per item, in order; a failing `run` rejects every call of that batch. At most
 * `maxInFlight` batches run at a time, each of at most `maxSize` items. A call made while fewer
 * run waits only for the end of the current event-loop turn (so the calls of one turn share a
 * batch); one made while `maxInFlight` run waits for one of them to end, and goes with every call
 * that arrived meanwhile. Light load gets single-item batches at once; heavy load gets large
 * batches without a timer. Used to turn one SQL statement per message into one per group. With
 * `maxInFlight` 1, groups run and answer in call order; a statement that waits (a lock, say) holds
 * its step for the whole worker until it ends, which the connection's statement_timeout bounds.
 */
export function createMicroBatcher<In, Out>(options: {
  run: (items: In[]) => Promise<Out[]>;
  maxSize: number;
  maxInFlight: number;
}): (item: In) => Promise<Out> {
  if (!(options.maxSize >= 1 && options.maxInFlight >= 1)) {
    throw new Error("createMicroBatcher: maxSize and maxInFlight must be at least 1");
  }
  type Waiting = { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void };
  const waiting: Waiting[] = [];
  let inFlight = 0;
  let scheduled = false;

  const runBatch = (batch: Waiting[]) => {
    inFlight++;
    // Through a promise, so a `run` that throws at once rejects its batch like one that rejects.
    Promise.resolve(batch.map((w) => w.item))
      .then(options.run)
      .then((results) => {
        if (results.length !== batch.length) {
          throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
        }
        for (const [i, w] of batch.entries()) w.resolve(results[i] as Out);
      })
      .catch((error: unknown) => {
        for (const w of batch) w.reject(error);
      })
      .finally(() => {
        inFlight--;
        flush();
      });
  };
  const flush = () => {
    scheduled = false;
    while (waiting.length > 0 && inFlight < options.maxInFlight) runBatch(waiting.splice(0, options.maxSize));
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (scheduled || inFlight >= options.maxInFlight) return;
      scheduled = true;
      setImmediate(flush);
    });
}
