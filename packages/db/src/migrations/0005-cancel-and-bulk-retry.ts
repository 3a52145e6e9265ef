import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // `cancelled`: an operator withdrew a pending message; final, never sent.
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled'))`.execute(db);
  // Cancels and bulk retries are audited with their actor.
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update messages set status = 'failed', last_error = 'cancelled' where status = 'cancelled'`.execute(
    db,
  );
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed'))`.execute(db);
  await sql`delete from dispatcher_events where kind in ('cancel', 'retry')`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config', 'provider-pause-cleared'))`.execute(db);
}
