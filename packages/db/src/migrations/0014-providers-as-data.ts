import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // Each provider's routing, changeable at run time: a row per provider name, inserted the first
  // time a process configured with it starts; its credentials stay in the environment.
  await db.schema
    .createTable("providers")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("countries", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("weight", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("max_per_second", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("burst", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (c) => c.notNull().defaultTo("system"))
    .addCheckConstraint("providers_name", sql`name ~ '^[a-z][a-z0-9-]{0,31}$'`)
    .addCheckConstraint("providers_weight", sql`weight between 0 and 1000`)
    .addCheckConstraint("providers_max_per_second", sql`max_per_second between 0 and 100000`)
    .addCheckConstraint("providers_burst", sql`burst between 0 and 1000000`)
    .execute();
  // unconfirmed: the provider may have sent it and cannot tell.
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'expired', 'unconfirmed'))`.execute(
    db,
  );
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider'))`.execute(
    db,
  );
  // The provider a receipt came from, when its endpoint says (POST /provider/{name}/receipts): it
  // applies only to that provider's messages. Null: the shared endpoint, any provider's.
  await db.schema.alterTable("delivery_receipts").addColumn("provider", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("delivery_receipts").dropColumn("provider").execute();
  await sql`delete from dispatcher_events where kind = 'provider'`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry'))`.execute(
    db,
  );
  await sql`update messages set status = 'failed' where status = 'unconfirmed'`.execute(db);
  await sql`alter table messages drop constraint messages_status_known`.execute(db);
  await sql`alter table messages add constraint messages_status_known
              check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'expired'))`.execute(
    db,
  );
  await db.schema.dropTable("providers").execute();
}
