import { sql } from "kysely";
import type { Db, Message } from "./database.js";
import { insertMessages, type MessageToStore } from "./message-repository.js";

/** Who sent an intake request, with which Idempotency-Key, and what it asked for. */
export interface IntakeKey {
  /** The API key's name (`anonymous` when the API runs without keys): keys of one client never meet another's. */
  scope: string;
  /** The client's Idempotency-Key, 1..255 characters. */
  key: string;
  /** A hash of the request as read (its messages, in order): the same key must come with the same request. */
  requestHash: string;
}

/** An Idempotency-Key to store, and how long it is remembered, in ms (its `expires_at`). */
export interface NewIntakeKey extends IntakeKey {
  ttlMs: number;
}

export type IntakeOutcome =
  /** The key was new (or had expired): the messages were stored now. */
  | { kind: "stored"; messages: Message[] }
  /** The key was seen with this request before: the messages that request stored, as they are now. */
  | { kind: "replayed"; messages: Message[] }
  /** The key was seen with another request: nothing stored. */
  | { kind: "mismatch" };

/**
 * Stores `items` as pending messages at most once per Idempotency-Key, in one transaction. The
 * key's row is inserted first: a concurrent request with the same key waits on the primary key
 * until this one commits, then finds the key taken, so one message set is ever stored (no
 * read-then-write). A key past its `expires_at` is taken afresh in the same statement.
 */
export async function insertMessagesOnce(
  db: Db,
  intake: NewIntakeKey,
  items: MessageToStore[],
): Promise<IntakeOutcome> {
  return db.transaction().execute(async (trx) => {
    const taken = await sql<{ scope: string }>`
      insert into intake_keys as k (scope, key, request_hash, expires_at)
      values (${intake.scope}, ${intake.key}, ${intake.requestHash},
              now() + ${intake.ttlMs}::double precision * interval '1 millisecond')
      on conflict (scope, key) do update
         set request_hash = excluded.request_hash, message_ids = '[]'::jsonb, created_at = now(),
             expires_at = excluded.expires_at
       where k.expires_at <= now()
      returning k.scope`.execute(trx);
    if (taken.rows.length === 1) {
      const messages = await insertMessages(trx, items);
      await trx
        .updateTable("intakeKeys")
        .set({ messageIds: JSON.stringify(messages.map((m) => m.id)) })
        .where("scope", "=", intake.scope)
        .where("key", "=", intake.key)
        .execute();
      return { kind: "stored", messages };
    }
    const seen = await trx
      .selectFrom("intakeKeys")
      .select(["requestHash", "messageIds"])
      .where("scope", "=", intake.scope)
      .where("key", "=", intake.key)
      .executeTakeFirstOrThrow();
    if (seen.requestHash !== intake.requestHash) return { kind: "mismatch" };
    return { kind: "replayed", messages: await messagesByIds(trx, seen.messageIds) };
  });
}

/**
 * What an earlier request with this key (not expired) stored, without storing anything: a replay
 * (or a mismatch) answered before the request is checked again, so a retry gets the first answer
 * even when the rules changed since. Undefined when the key is new or expired.
 */
export async function findIntake(db: Db, intake: IntakeKey): Promise<IntakeOutcome | undefined> {
  const seen = await db
    .selectFrom("intakeKeys")
    .select(["requestHash", "messageIds"])
    .where("scope", "=", intake.scope)
    .where("key", "=", intake.key)
    .where(sql<boolean>`expires_at > now()`)
    .executeTakeFirst();
  if (!seen) return undefined;
  if (seen.requestHash !== intake.requestHash) return { kind: "mismatch" };
  return { kind: "replayed", messages: await messagesByIds(db, seen.messageIds) };
}

/** Messages `ids`, in that order (missing ones left out). */
async function messagesByIds(db: Db, ids: number[]): Promise<Message[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("messages").selectAll().where("id", "in", ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Deletes up to `limit` intake keys past their `expires_at`, oldest first; returns how many. A key
 * past its time is also taken afresh by its next request, so a late purge only costs space.
 */
export async function purgeExpiredIntakeKeys(db: Db, limit: number): Promise<number> {
  // `ctid = any(array(subquery))` deletes exactly the picked rows (a TID lookup each), so a purge
  // costs its limit, not the number of expired keys. The time is checked again outside the
  // subquery: a key renewed meanwhile (taken afresh by a new request) is re-read and kept.
  const result = await sql`
    delete from intake_keys
     where expires_at <= now()
       and ctid = any(array(
             select ctid from intake_keys
              where expires_at <= now()
              order by expires_at
              limit ${limit}
                for update skip locked))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
