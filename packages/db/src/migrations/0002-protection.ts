import { type Kysely, sql } from "kysely";

// Frozen once released: never import application types here (see CONTRIBUTING.md).

const KINDS_BEFORE = `'start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider'`;

export async function up(db: Kysely<any>): Promise<void> {
  // The guard's changes and decisions are audited as `protection` events.
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in (${sql.raw(KINDS_BEFORE)}, 'protection'))`.execute(db);

  // The pumping guard's settings: the action for countries without a rule of their own, and the
  // caps and quotas intake counts against (ProtectionLimits in @dispatcher/core, as JSON). One row.
  await sql`
    create table protection (
      id smallint primary key default 1,
      default_country_action text not null default 'allow',
      limits jsonb not null default '{}',
      updated_at timestamptz not null default now(),
      updated_by text not null default 'system',
      constraint protection_one_row check (id = 1),
      constraint protection_default_action check (default_country_action in ('allow', 'block', 'monitor'))
    )`.execute(db);
  await sql`insert into protection default values`.execute(db);

  await sql`
    create table country_rules (
      country text primary key,
      action text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null,
      constraint country_rules_country check (country ~ '^[A-Z]{2}$'),
      constraint country_rules_action check (action in ('allow', 'block', 'monitor'))
    )`.execute(db);

  await sql`
    create table number_rules (
      number text primary key,
      action text not null,
      until timestamptz,
      reason text,
      created_at timestamptz not null default now(),
      created_by text not null,
      constraint number_rules_number check (number ~ '^\\+[1-9][0-9]{6,14}$'),
      constraint number_rules_action check (action in ('allow', 'block')),
      constraint number_rules_reason_length check (char_length(reason) <= 1000)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["number_rules", "country_rules", "protection"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`delete from dispatcher_events where kind = 'protection'`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in (${sql.raw(KINDS_BEFORE)}))`.execute(db);
}
