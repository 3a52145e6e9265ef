// The bench's own SQL: bulk seeding and bookkeeping the app never does. Everything the app does
// (claim, list, transitions) is called through @dispatcher/db, never rewritten here.
import type { Db } from "@dispatcher/db";
import { sql } from "kysely";

/** Rows per INSERT … SELECT generate_series statement, so progress can be shown between them. */
const CHUNK = 100_000;

/**
 * Inserts `count` pending messages in bulk, oldest first in id order (created_at 1 ms apart,
 * ending now). Calls `onChunk` with the total inserted so far after each statement.
 */
export async function seedPending(
  db: Db,
  count: number,
  onChunk: (inserted: number) => void = () => {},
): Promise<void> {
  await inChunks(count, onChunk, async (from, to) => {
    await sql`
      insert into messages (recipient, content, status, created_at, updated_at)
      select '+90555' || lpad(g::text, 7, '0'), 'bench message ' || g, 'pending',
             now() - (${count}::int - g) * interval '1 millisecond', now()
        from generate_series(${from}::int, ${to}::int) as g`.execute(db);
  });
}

/**
 * Inserts `count` messages already `sent`: provider_message_id set, sent_at spread evenly over the
 * 30 days before now (newest last), attempts 1. Calls `onChunk` after each statement.
 */
export async function seedSent(
  db: Db,
  count: number,
  onChunk: (inserted: number) => void = () => {},
): Promise<void> {
  await inChunks(count, onChunk, async (from, to) => {
    await sql`
      insert into messages (recipient, content, status, attempts, provider_message_id,
                            created_at, queued_at, sent_at, updated_at)
      select '+90556' || lpad((g % 10000000)::text, 7, '0'), 'already sent ' || g, 'sent', 1,
             md5(g::text)::uuid::text, t - interval '2 seconds', t - interval '1 second', t, t
        from (select g, now() - interval '30 days' + g * (interval '30 days' / ${count}::int) as t
                from generate_series(${from}::int, ${to}::int) as g) as s`.execute(db);
  });
}

/** Runs `insert` for rows 1..count in CHUNK-sized ranges, calling `onChunk` with the total after each. */
async function inChunks(
  count: number,
  onChunk: (inserted: number) => void,
  insert: (from: number, to: number) => Promise<void>,
): Promise<void> {
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await insert(from, to);
    onChunk(to);
  }
}

/** VACUUM ANALYZE of the messages table: fresh statistics and visibility map, as autovacuum would leave it. */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await sql`vacuum analyze messages`.execute(db);
}

/** Deletes every row not `sent` (what a claim left `queued`), so the next timed claim starts from the same table. */
export async function deleteUnsent(db: Db): Promise<number> {
  const result = await sql`delete from messages where status <> 'sent'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** First and last `sent_at` of the sent rows (of one lane, when `lane` is given), and how many there are. */
export async function sentSpan(
  db: Db,
  lane?: string,
): Promise<{ count: number; first: Date | null; last: Date | null }> {
  const ofLane = lane === undefined ? sql`` : sql`and priority = ${lane}`;
  const result = await sql<{ count: string; first: Date | null; last: Date | null }>`
    select count(*) as count, min(sent_at) as first, max(sent_at) as last
      from messages where status = 'sent' ${ofLane}`.execute(db);
  const row = result.rows[0]!;
  return { count: Number(row.count), first: row.first, last: row.last };
}

/** Sent messages of `lane` whose `sent_at` is in [from, to), both epoch milliseconds. */
export async function sentBetween(db: Db, lane: string, from: number, to: number): Promise<number> {
  const result = await sql<{ count: string }>`
    select count(*) as count from messages
     where status = 'sent' and priority = ${lane}
       and sent_at >= ${new Date(from)} and sent_at < ${new Date(to)}`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

/** Messages still on their way (pending, queued or sending), by lane; a lane with none is absent. */
export async function unfinishedByLane(db: Db): Promise<Record<string, number>> {
  const result = await sql<{ lane: string; count: string }>`
    select priority as lane, count(*) as count from messages
     where status in ('pending', 'queued', 'sending') group by priority`.execute(db);
  return Object.fromEntries(result.rows.map((r) => [r.lane, Number(r.count)]));
}

/** Messages by lane and status: `{ bulk: { sent: 10 }, transactional: { sent: 2, pending: 1 } }`. */
export async function countByLaneAndStatus(db: Db): Promise<Record<string, Record<string, number>>> {
  const result = await sql<{ lane: string; status: string; count: string }>`
    select priority as lane, status, count(*) as count from messages group by priority, status`.execute(db);
  const counts: Record<string, Record<string, number>> = {};
  for (const row of result.rows) {
    counts[row.lane] = { ...counts[row.lane], [row.status]: Number(row.count) };
  }
  return counts;
}

/** The idempotency key (the Idempotency-Key of its every attempt) of each message id given that exists. */
export async function idempotencyKeys(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const result = await sql<{ id: number; key: string }>`
    select id, idempotency_key as key from messages where id = any(${ids}::bigint[])`.execute(db);
  return new Map(result.rows.map((r) => [Number(r.id), r.key]));
}

/** Transactions committed in this database so far (pg_stat_database; updated when a backend reports). */
export async function committedTransactions(db: Db): Promise<number> {
  // Aliased without underscores: the db's CamelCasePlugin renames result columns.
  const result = await sql<{ committed: string }>`
    select xact_commit as committed from pg_stat_database where datname = current_database()`.execute(db);
  return Number(result.rows[0]?.committed ?? 0);
}

/** Server process ids of the sessions connected to this database, and of Postgres's own background processes. */
export async function postgresPids(db: Db): Promise<number[]> {
  const result = await sql<{ pid: number }>`
    select pid from pg_stat_activity
     where datname = current_database() or backend_type <> 'client backend'`.execute(db);
  return result.rows.map((r) => r.pid);
}
