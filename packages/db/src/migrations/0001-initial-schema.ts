import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("messages")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("provider_message_id", "text")
    .addColumn("idempotency_key", "uuid", (c) => c.notNull().unique().defaultTo(sql`gen_random_uuid()`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("queued_at", "timestamptz")
    .addColumn("sent_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // The last guard: the API validates more strictly (a real phone-number library, a configurable length).
    .addCheckConstraint("messages_recipient_e164", sql`recipient ~ '^\\+[1-9][0-9]{6,14}$'`)
    .addCheckConstraint("messages_content_length", sql`char_length(content) between 1 and 1600`)
    .addCheckConstraint(
      "messages_status_known",
      sql`status in ('pending', 'queued', 'sending', 'sent', 'failed')`,
    )
    .addCheckConstraint("messages_sent_has_time", sql`status <> 'sent' or sent_at is not null`)
    .addCheckConstraint("messages_attempts_non_negative", sql`attempts >= 0`)
    .execute();

  // Claiming reads only pending rows, oldest first: this index holds only them, so its cost does not
  // grow with the number of sent rows.
  await sql`create index messages_pending_idx on messages (created_at, id) where status = 'pending'`.execute(
    db,
  );
  // The sent list, newest first, keyset-paginated.
  await sql`create index messages_sent_idx on messages (sent_at desc, id desc) where status = 'sent'`.execute(
    db,
  );
  // Claimed rows whose job may be gone are found by age.
  await sql`create index messages_claimed_idx on messages (updated_at) where status in ('queued', 'sending')`.execute(
    db,
  );
  // Listing by status, newest first.
  await sql`create index messages_status_idx on messages (status, id desc)`.execute(db);

  await db.schema
    .createTable("dispatcher_state")
    .addColumn("id", "smallint", (c) => c.primaryKey().defaultTo(1))
    .addColumn("running", "boolean", (c) => c.notNull())
    .addColumn("interval_ms", "integer", (c) => c.notNull())
    .addColumn("batch_size", "integer", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addCheckConstraint("dispatcher_state_single_row", sql`id = 1`)
    .addCheckConstraint("dispatcher_state_interval", sql`interval_ms between 1000 and 86400000`)
    .addCheckConstraint("dispatcher_state_batch", sql`batch_size between 1 and 10000`)
    .execute();

  await db.schema
    .createTable("dispatcher_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("dispatcher_events_kind", sql`kind in ('start', 'stop', 'config')`)
    .execute();
  await sql`create index dispatcher_events_newest_idx on dispatcher_events (id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dispatcher_events").execute();
  await db.schema.dropTable("dispatcher_state").execute();
  await db.schema.dropTable("messages").execute();
}
