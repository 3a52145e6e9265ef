import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("messages")
    // Attempts that the provider answered 429: they put the message back without counting
    // against SEND_ATTEMPTS, up to an allowance of their own.
    .addColumn("rate_limited", "integer", (c) => c.notNull().defaultTo(0))
    // The latest attempts' errors, oldest first, each {attempt, at, error}.
    .addColumn("attempt_errors", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await sql`alter table messages add constraint messages_rate_limited_range
              check (rate_limited >= 0 and rate_limited <= attempts)`.execute(db);

  await db.schema
    .alterTable("dispatcher_state")
    // Bumped by every stored change, so a convergence of Redis can tell it applied the latest.
    .addColumn("version", "bigint", (c) => c.notNull().defaultTo(1))
    // The content limit every API instance and worker enforces. Null until an API seeds it from
    // its MESSAGE_MAX_LENGTH, so a deployment that ran with another limit keeps it.
    .addColumn("message_max_length", "integer")
    // The last operator start or stop: a provider pause set before it is cleared.
    .addColumn("provider_pause_cleared_at", "timestamptz")
    // When a tick last claimed: the next may claim only about one interval later, however many
    // tick jobs run (a start right after a stop, a duplicated scheduler job).
    .addColumn("last_tick_at", "timestamptz")
    .execute();
  await sql`alter table dispatcher_state add constraint dispatcher_state_message_max_length
              check (message_max_length between 1 and 1600)`.execute(db);

  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config', 'provider-pause-cleared'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from dispatcher_events where kind = 'provider-pause-cleared'`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in ('start', 'stop', 'config'))`.execute(db);
  await db.schema
    .alterTable("dispatcher_state")
    .dropConstraint("dispatcher_state_message_max_length")
    .execute();
  await db.schema
    .alterTable("dispatcher_state")
    .dropColumn("version")
    .dropColumn("message_max_length")
    .dropColumn("provider_pause_cleared_at")
    .dropColumn("last_tick_at")
    .execute();
  await db.schema.alterTable("messages").dropConstraint("messages_rate_limited_range").execute();
  await db.schema.alterTable("messages").dropColumn("rate_limited").dropColumn("attempt_errors").execute();
}
