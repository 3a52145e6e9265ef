import { type Kysely, sql } from "kysely";

// Frozen once released: never import application types here (see CONTRIBUTING.md).

export async function up(db: Kysely<any>): Promise<void> {
  // A lane that sends on arrival is claimed as soon as a message is stored, within a budget: a
  // token bucket refilled at batch_size per interval_ms, holding at most batch_size. `tokens` is
  // what it held at `tokens_at`; null: full.
  await sql`alter table lanes
              add column arrival boolean not null default false,
              add column tokens double precision,
              add column tokens_at timestamptz`.execute(db);
  // The transactional lane sends on arrival. Still at its old default pace (5 every 10 s: half a
  // message a second), it gets the new one, 50 a second; a pace an operator chose is kept.
  await sql`update lanes set arrival = true where name = 'transactional'`.execute(db);
  await sql`update lanes set interval_ms = 1000, batch_size = 50
             where name = 'transactional' and interval_ms = 10000 and batch_size = 5`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table lanes drop column arrival, drop column tokens, drop column tokens_at`.execute(db);
}
