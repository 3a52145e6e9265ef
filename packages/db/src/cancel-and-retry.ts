import { maskNumber } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db, Message } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";

/** Which pending messages a bulk cancel takes: every given condition must hold. */
export interface CancelFilter {
  /** Only messages to this number. */
  recipient?: string;
  /** Only messages stored before this time. */
  createdBefore?: Date;
  /** Only messages stored at or after this time. */
  createdAfter?: Date;
  /** At most this many, oldest first. */
  limit: number;
}

/** Which failed messages a bulk retry takes: every given condition must hold. */
export interface RetryFilter {
  /** Only messages that failed (last changed) at or after this time. */
  failedSince?: Date;
  /** Only messages whose last error contains this text (case-insensitive). */
  lastErrorContains?: string;
  /** At most this many, oldest first. */
  limit: number;
}

/**
 * Cancels one `pending` message (final: it is never sent) and audits it; undefined when the
 * message is not pending (claimed, sent, failed, cancelled or missing). A message a tick is
 * claiming at this moment is left to the tick (its row is locked), so a cancel never races a send.
 */
export async function cancelPending(db: Db, id: number, actor: string): Promise<Message | undefined> {
  return db.transaction().execute(async (trx) => {
    const result = await sql<Message>`
      update messages set status = 'cancelled', updated_at = now()
       where id = (select id from messages where id = ${id} and status = 'pending' for update skip locked)
      returning *`.execute(trx);
    const row = result.rows[0];
    if (row) await recordEvent(trx, { kind: "cancel", actor, details: { ids: [id], count: 1 } });
    return row;
  });
}

/**
 * A failed message's new round of attempts: pending again, counters at 0. Its provider stays
 * bound unless its last attempt was definitely refused (see startSending): a message whose last
 * request may have reached a provider is only ever sent there again, with the same key.
 */
const NEW_ROUND = {
  status: "pending",
  queuedAt: null,
  attempts: 0,
  rateLimited: 0,
  providerRefusedAttempt: sql<number | null>`case when provider_refused_attempt = attempts then 0 end`,
} as const;

/**
 * Puts a `failed` or `unconfirmed` message back to `pending` so a later tick claims it again, in
 * a new round of attempts (`attempts` and `rate_limited` start at 0 again), and audits it as
 * `actor`'s retry; its `last_error` and `attempt_errors` are kept. Retrying an `unconfirmed`
 * message is the operator's decision that it may arrive twice: its next attempt goes to its
 * provider again. Returns the updated message, or undefined when it is neither.
 */
export async function retryFailed(db: Db, id: number, actor: string): Promise<Message | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("messages")
      .set({ ...NEW_ROUND, updatedAt: sql<Date>`now()` })
      .where("id", "=", id)
      .where("status", "in", ["failed", "unconfirmed"])
      .where("erasedAt", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (row) await recordEvent(trx, { kind: "retry", actor, details: { ids: [id], count: 1 } });
    return row;
  });
}

/**
 * Cancels up to `filter.limit` pending messages matching `filter`, oldest first, in one statement,
 * and audits it; returns how many. Rows a tick is claiming at this moment are skipped (SKIP LOCKED).
 */
export async function cancelPendingWhere(db: Db, filter: CancelFilter, actor: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const conditions = [sql`status = 'pending'`];
    if (filter.recipient !== undefined) conditions.push(sql`recipient = ${filter.recipient}`);
    if (filter.createdBefore) conditions.push(sql`created_at < ${filter.createdBefore}`);
    if (filter.createdAfter) conditions.push(sql`created_at >= ${filter.createdAfter}`);
    const result = await sql`
      update messages set status = 'cancelled', updated_at = now()
       where id in (select id from messages where ${sql.join(conditions, sql` and `)}
                     order by created_at, id limit ${filter.limit} for update skip locked)
      returning id`.execute(trx);
    const count = result.rows.length;
    await recordEvent(trx, { kind: "cancel", actor, details: { filter: describe(filter), count } });
    return count;
  });
}

/** Ids of up to `filter.limit` failed messages matching `filter`, oldest first: a bulk retry's candidates. */
export async function findRetryable(db: Db, filter: RetryFilter): Promise<number[]> {
  let query = db
    .selectFrom("messages")
    .select("id")
    .where("status", "=", "failed")
    .where("erasedAt", "is", null);
  if (filter.failedSince) query = query.where("updatedAt", ">=", filter.failedSince);
  if (filter.lastErrorContains !== undefined) {
    const pattern = `%${filter.lastErrorContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`last_error ilike ${pattern}`);
  }
  const rows = await query.orderBy("id").limit(filter.limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Puts the `failed` messages among `ids` back to `pending` in one statement, each in a new round
 * of attempts (as retryFailed), and audits it with `filter`; returns how many. A message no
 * longer failed is left alone, so no message is ever handed out twice.
 */
export async function retryFailedMany(
  db: Db,
  retry: { ids: number[]; filter: RetryFilter; actor: string },
): Promise<number> {
  const { ids, filter, actor } = retry;
  return db.transaction().execute(async (trx) => {
    const rows =
      ids.length === 0
        ? []
        : await trx
            .updateTable("messages")
            .set({ ...NEW_ROUND, updatedAt: sql<Date>`now()` })
            .where("id", "in", ids)
            .where("status", "=", "failed")
            .where("erasedAt", "is", null)
            .returning("id")
            .execute();
    await recordEvent(trx, {
      kind: "retry",
      actor,
      details: { filter: describe(filter), count: rows.length },
    });
    return rows.length;
  });
}

/** A filter as the audit trail keeps it: dates as ISO strings, a number masked (maskNumber), absent conditions left out. */
function describe(filter: CancelFilter | RetryFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        value instanceof Date ? value.toISOString() : key === "recipient" ? maskNumber(String(value)) : value,
      ]),
  );
}
