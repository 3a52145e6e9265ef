import { type Kysely, sql } from "kysely";

// Frozen once released: never import application types here (see CONTRIBUTING.md).

/** The tables whose rows intake judges every request by, besides the dispatcher state. */
const CONTROL_TABLES = ["protection", "country_rules", "spend_prices", "spend_limits", "providers"];

export async function up(db: Kysely<any>): Promise<void> {
  // One row counting the committed changes to the control tables: a process that keeps a copy of
  // them reads this number (one row) and reads the tables again only when it moved. Bumped by a
  // statement trigger on each table, so a change made by any means (the API, psql) moves it, in
  // the change's own transaction: a reader never sees the number before the change.
  await sql`create table control_version (
              id int primary key default 1 check (id = 1),
              version bigint not null default 0
            )`.execute(db);
  await sql`insert into control_version default values`.execute(db);
  await sql`create function bump_control_version() returns trigger language plpgsql as $$
            begin
              update control_version set version = version + 1 where id = 1;
              return null;
            end $$`.execute(db);
  for (const table of CONTROL_TABLES) {
    await sql`create trigger bump_control_version
                after insert or update or delete or truncate on ${sql.table(table)}
                for each statement execute function bump_control_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of CONTROL_TABLES) {
    await sql`drop trigger bump_control_version on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function bump_control_version()`.execute(db);
  await sql`drop table control_version`.execute(db);
}
