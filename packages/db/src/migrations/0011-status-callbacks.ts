import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // Where a client wants to hear of its message's delivery status changes.
  await db.schema.alterTable("messages").addColumn("callback_url", "text").execute();
  await sql`alter table messages add constraint messages_callback_url_length
              check (callback_url is null or char_length(callback_url) <= 2048)`.execute(db);
  // One row per status a message's callback is owed, at most one per status; delivered in id
  // order per message.
  await db.schema
    .createTable("status_callbacks")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("message_id", "bigint", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("delivered_at", "timestamptz")
    .addColumn("gave_up_at", "timestamptz")
    .addUniqueConstraint("status_callbacks_once", ["message_id", "status"])
    .execute();
  await sql`create index status_callbacks_open_idx on status_callbacks (created_at)
              where delivered_at is null and gave_up_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("status_callbacks").execute();
  await sql`alter table messages drop constraint messages_callback_url_length`.execute(db);
  await db.schema.alterTable("messages").dropColumn("callback_url").execute();
}
