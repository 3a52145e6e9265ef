import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.
// Inbound keywords: a recipient's STOP puts the number on the suppression list as `keyword`,
// with the keyword (or a provider's error code) in `detail`; opt-out changes and HELP are audited.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table opt_outs drop constraint opt_outs_source`.execute(db);
  await sql`
    alter table opt_outs
      add constraint opt_outs_source check (source in ('operator', 'provider', 'keyword')),
      add column detail text,
      add constraint opt_outs_detail_length check (char_length(detail) <= 100)`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`
    alter table dispatcher_events add constraint dispatcher_events_kind
      check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider',
                      'protection', 'opt-out', 'help'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // A keyword's entries stay on the list, as the recipient's own word through a provider.
  await sql`update opt_outs set source = 'provider' where source = 'keyword'`.execute(db);
  await sql`
    alter table opt_outs
      drop constraint opt_outs_detail_length,
      drop column detail,
      drop constraint opt_outs_source,
      add constraint opt_outs_source check (source in ('operator', 'provider'))`.execute(db);
  await sql`delete from dispatcher_events where kind in ('opt-out', 'help')`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`
    alter table dispatcher_events add constraint dispatcher_events_kind
      check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider',
                      'protection'))`.execute(db);
}
