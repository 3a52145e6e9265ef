import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // A message may wait for a time (send_at) and may expire (expires_at): unsent by then, it ends
  // `expired` and is never sent.
  await db.schema
    .alterTable("messages")
    .addColumn("send_at", "timestamptz")
    .addColumn("expires_at", "timestamptz")
    .execute();
  await sql`alter table messages add constraint messages_expires_after_send
              check (expires_at is null or send_at is null or expires_at > send_at)`.execute(db);
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'expired'))`.execute(
    db,
  );
  // The claim reads pending messages in due order (send_at, else created_at): one range scan.
  await sql`create index messages_due_idx on messages ((coalesce(send_at, created_at)), id)
              where status = 'pending'`.execute(db);
  await sql`drop index messages_pending_idx`.execute(db);
  // Expiry finds the pending messages past their time, soonest first.
  await sql`create index messages_expiring_idx on messages (expires_at)
              where status = 'pending' and expires_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index messages_pending_idx on messages (created_at, id) where status = 'pending'`.execute(
    db,
  );
  await sql`drop index messages_due_idx`.execute(db);
  await sql`drop index messages_expiring_idx`.execute(db);
  await sql`update messages set status = 'failed', last_error = coalesce(last_error, 'expired')
             where status = 'expired'`.execute(db);
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled'))`.execute(db);
  await sql`alter table messages drop constraint messages_expires_after_send`.execute(db);
  await db.schema.alterTable("messages").dropColumn("send_at").dropColumn("expires_at").execute();
}
