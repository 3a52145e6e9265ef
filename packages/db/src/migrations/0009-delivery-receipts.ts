import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // What the provider's delivery receipts said of a sent message: the latest final status by the
  // provider's time, or `unknown` when none came in time.
  await db.schema
    .alterTable("messages")
    .addColumn("delivery_status", "text")
    .addColumn("delivery_status_at", "timestamptz")
    .addColumn("delivered_at", "timestamptz")
    .execute();
  await sql`alter table messages add constraint messages_delivery_status_known
              check (delivery_status in ('delivered', 'failed', 'undelivered', 'expired', 'unknown'))`.execute(
    db,
  );
  // Receipts name a message by the provider's id.
  await sql`create index messages_provider_message_id_idx on messages (provider_message_id)
              where provider_message_id is not null`.execute(db);
  // Sent messages still waiting for a receipt, oldest first: the ones that turn `unknown`.
  await sql`create index messages_awaiting_receipt_idx on messages (sent_at)
              where status = 'sent' and delivery_status is null`.execute(db);
  // Listing by delivery status, newest first.
  await sql`create index messages_delivery_status_idx on messages (delivery_status, id desc)
              where delivery_status is not null`.execute(db);

  // Every receipt received, once (a duplicate is the same provider id, status and time), with
  // the message it was matched to and when it was applied; unmatched ones wait for their message.
  await db.schema
    .createTable("delivery_receipts")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("provider_message_id", "text", (c) => c.notNull())
    .addColumn("reference", "uuid")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("error_code", "text")
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("message_id", "bigint")
    .addColumn("applied_at", "timestamptz")
    .addCheckConstraint(
      "delivery_receipts_status_known",
      sql`status in ('delivered', 'failed', 'undelivered', 'expired')`,
    )
    .addUniqueConstraint("delivery_receipts_once", ["provider_message_id", "status", "at"])
    .execute();
  await sql`create index delivery_receipts_waiting_idx on delivery_receipts (received_at)
              where applied_at is null`.execute(db);
  await sql`create index delivery_receipts_message_idx on delivery_receipts (message_id, at)
              where message_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("delivery_receipts").execute();
  await sql`drop index messages_delivery_status_idx`.execute(db);
  await sql`drop index messages_awaiting_receipt_idx`.execute(db);
  await sql`drop index messages_provider_message_id_idx`.execute(db);
  await sql`alter table messages drop constraint messages_delivery_status_known`.execute(db);
  await db.schema
    .alterTable("messages")
    .dropColumn("delivery_status")
    .dropColumn("delivery_status_at")
    .dropColumn("delivered_at")
    .execute();
}
