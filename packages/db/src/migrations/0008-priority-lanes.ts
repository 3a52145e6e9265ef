import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // A message's lane: each lane has its own pace and its own oldest-first order. Existing
  // messages, and new ones that name none, are bulk: they keep the pace they had.
  await db.schema
    .alterTable("messages")
    .addColumn("priority", "text", (c) => c.notNull().defaultTo("bulk"))
    .execute();
  await sql`alter table messages add constraint messages_priority_known
              check (priority in ('transactional', 'bulk'))`.execute(db);
  // The claim reads one lane's pending messages in due order: one range scan per lane.
  await sql`create index messages_lane_due_idx on messages (priority, (coalesce(send_at, created_at)), id)
              where status = 'pending'`.execute(db);
  await sql`drop index messages_due_idx`.execute(db);
  // The transactional lane's pace and turn; the bulk lane keeps interval_ms, batch_size and
  // last_tick_at.
  await db.schema
    .alterTable("dispatcher_state")
    .addColumn("transactional_interval_ms", "integer", (c) => c.notNull().defaultTo(10000))
    .addColumn("transactional_batch_size", "integer", (c) => c.notNull().defaultTo(5))
    .addColumn("transactional_last_tick_at", "timestamptz")
    .execute();
  await sql`alter table dispatcher_state
              add constraint dispatcher_state_transactional_interval
                check (transactional_interval_ms between 1000 and 86400000),
              add constraint dispatcher_state_transactional_batch
                check (transactional_batch_size between 1 and 10000)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("dispatcher_state")
    .dropColumn("transactional_interval_ms")
    .dropColumn("transactional_batch_size")
    .dropColumn("transactional_last_tick_at")
    .execute();
  await sql`create index messages_due_idx on messages ((coalesce(send_at, created_at)), id)
              where status = 'pending'`.execute(db);
  await sql`drop index messages_lane_due_idx`.execute(db);
  await sql`alter table messages drop constraint messages_priority_known`.execute(db);
  await db.schema.alterTable("messages").dropColumn("priority").execute();
}
