import { type Kysely, sql } from "kysely";

// Frozen once released: never import application types here (see CONTRIBUTING.md).

const KINDS_BEFORE = `'start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider', 'protection', 'opt-out', 'help'`;

/** Statuses whose message holds a reservation: it may still be sent (or may have been: unconfirmed). */
const HOLDING = `('pending', 'queued', 'sending', 'unconfirmed')`;

export async function up(db: Kysely<any>): Promise<void> {
  // Price, limit and threshold changes are audited as `spend` events.
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in (${sql.raw(KINDS_BEFORE)}, 'spend'))`.execute(db);

  // A provider's price per segment to a country; `*` is its price to every country without a row.
  await sql`
    create table spend_prices (
      provider text not null references providers (name) on delete cascade,
      country text not null,
      price numeric(20, 6) not null,
      primary key (provider, country),
      constraint spend_prices_country check (country = '*' or country ~ '^[A-Z]{2}$'),
      constraint spend_prices_price check (price >= 0)
    )`.execute(db);

  // Spend limits: scope `*` is the total, any other scope an API key's name. Null: no limit.
  await sql`
    create table spend_limits (
      scope text primary key,
      per_day numeric(20, 6),
      per_month numeric(20, 6),
      updated_at timestamptz not null default now(),
      updated_by text not null,
      constraint spend_limits_per_day check (per_day >= 0),
      constraint spend_limits_per_month check (per_month >= 0)
    )`.execute(db);

  // What each scope spent and holds reserved per UTC day and month, by the day a message was
  // stored. Rows are written by the messages trigger below only; `alerted` is the highest
  // threshold (80, 100) announced for the row's period.
  await sql`
    create table spend_ledger (
      scope text not null,
      period text not null,
      starts date not null,
      reserved numeric(20, 6) not null default 0,
      spent numeric(20, 6) not null default 0,
      alerted smallint not null default 0,
      primary key (scope, period, starts),
      constraint spend_ledger_period check (period in ('day', 'month'))
    )`.execute(db);

  await sql`alter table messages
              add column api_key text,
              add column country text,
              add column estimated_cost numeric(20, 6),
              add column cost numeric(20, 6)`.execute(db);

  // GET /api/v1/spend sums the priced messages stored in a period.
  await sql`create index messages_spend_idx on messages (created_at) where estimated_cost is not null`.execute(
    db,
  );

  // The ledger follows every message with an estimate through every status change, whichever
  // statement makes it: reserved while it may be sent, spent once sent (its cost: segments × the
  // accepting provider's price, else the estimate), released otherwise. An increase of what a
  // scope holds on insert or on a new round (failed → pending) past its limit raises SQLSTATE
  // SPD01 (day) or SPM01 (month), with the scope as DETAIL: the statement stores nothing.
  // Locks: the total's rows before the key's, the month before the day, so that concurrent
  // statements queue on the total's month row rather than deadlock.
  await sql`
    create function spend_follow() returns trigger language plpgsql as $$
    declare
      held_before numeric := 0;
      held_after numeric := 0;
      spent_before numeric := 0;
      spent_after numeric := 0;
      price numeric;
      scope_name text;
      period_name text;
      period_start date;
      row_after spend_ledger;
      cap numeric;
    begin
      if tg_op = 'UPDATE' then
        if old.status in ${sql.raw(HOLDING)} then held_before := old.estimated_cost; end if;
        if old.status = 'sent' then spent_before := coalesce(old.cost, old.estimated_cost); end if;
        if new.status = 'sent' and old.status <> 'sent' and new.cost is null then
          select p.price into price from spend_prices p
           where p.provider = new.provider and p.country in (coalesce(new.country, '*'), '*')
           order by p.country = '*' limit 1;
          new.cost := coalesce(coalesce(new.segments, 1) * price, new.estimated_cost);
        end if;
      end if;
      if new.status in ${sql.raw(HOLDING)} then held_after := new.estimated_cost; end if;
      if new.status = 'sent' then spent_after := coalesce(new.cost, new.estimated_cost); end if;
      if held_after = held_before and spent_after = spent_before then return new; end if;
      foreach scope_name in array array_remove(array['*', new.api_key], null) loop
        foreach period_name in array array['month', 'day'] loop
          period_start := date_trunc(period_name, new.created_at at time zone 'UTC')::date;
          insert into spend_ledger as l (scope, period, starts, reserved, spent)
          values (scope_name, period_name, period_start, held_after - held_before, spent_after - spent_before)
          on conflict (scope, period, starts) do update
             set reserved = l.reserved + excluded.reserved, spent = l.spent + excluded.spent
          returning * into row_after;
          if held_after > held_before and new.status = 'pending' then
            select case when period_name = 'day' then s.per_day else s.per_month end into cap
              from spend_limits s where s.scope = scope_name;
            if cap is not null and row_after.spent + row_after.reserved > cap then
              raise exception 'spend_%_limit', case when period_name = 'day' then 'daily' else 'monthly' end
                using errcode = case when period_name = 'day' then 'SPD01' else 'SPM01' end,
                      detail = scope_name;
            end if;
          end if;
        end loop;
      end loop;
      return new;
    end $$`.execute(db);
  await sql`create trigger messages_spend_insert before insert on messages for each row
              when (new.estimated_cost is not null) execute function spend_follow()`.execute(db);
  await sql`create trigger messages_spend_update before update of status on messages for each row
              when (old.status is distinct from new.status and old.estimated_cost is not null)
              execute function spend_follow()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger messages_spend_update on messages`.execute(db);
  await sql`drop trigger messages_spend_insert on messages`.execute(db);
  await sql`drop function spend_follow()`.execute(db);
  await sql`drop index messages_spend_idx`.execute(db);
  await sql`alter table messages drop column api_key, drop column country,
              drop column estimated_cost, drop column cost`.execute(db);
  for (const table of ["spend_ledger", "spend_limits", "spend_prices"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`delete from dispatcher_events where kind = 'spend'`.execute(db);
  await sql`alter table dispatcher_events drop constraint dispatcher_events_kind`.execute(db);
  await sql`alter table dispatcher_events add constraint dispatcher_events_kind
              check (kind in (${sql.raw(KINDS_BEFORE)}))`.execute(db);
}
