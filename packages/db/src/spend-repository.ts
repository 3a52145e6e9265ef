import { normalMoney } from "@dispatcher/core";
import { sql, type Transaction } from "kysely";
import type { Database, Db } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";

/** A provider's price per segment to a country (`*`: its other countries), a decimal string. */
export interface SpendPrice {
  provider: string;
  country: string;
  price: string;
}

/** A scope's limits (`*`: the total, else an API key's name), decimal strings; null: none. */
export interface SpendLimit {
  scope: string;
  perDay: string | null;
  perMonth: string | null;
}

/** The scope whose limits are the total's. */
export const TOTAL_SCOPE = "*";

/** The statuses whose messages hold a reservation (the spend trigger's, see 0005-spend). */
export const RESERVING_STATUSES = ["pending", "queued", "sending", "unconfirmed"] as const;

/** The price table, by provider then country (`*` sorts first). */
export async function listSpendPrices(db: Db | Transaction<Database>): Promise<SpendPrice[]> {
  const rows = await db
    .selectFrom("spendPrices")
    .selectAll()
    .orderBy("provider")
    .orderBy("country")
    .execute();
  return rows.map((row) => ({ ...row, price: normalMoney(row.price)! }));
}

/**
 * Replaces the whole price table with `prices` in one transaction, audited (a `spend` event with
 * the table before and after) unless nothing changed. Every provider must exist (a foreign key).
 */
export async function replaceSpendPrices(
  db: Db,
  request: { prices: readonly SpendPrice[]; actor: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`lock table spend_prices in exclusive mode`.execute(trx);
    const before = (await listSpendPrices(trx)).map((p) => ({ ...p }));
    await trx.deleteFrom("spendPrices").execute();
    if (request.prices.length > 0)
      await trx
        .insertInto("spendPrices")
        .values([...request.prices])
        .execute();
    const after = await listSpendPrices(trx);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await recordEvent(trx, {
      kind: "spend",
      actor: request.actor,
      details: { change: "prices", from: before, to: after },
    });
  });
}

/** Every scope's limits, the total's first, then API keys by name. */
export async function listSpendLimits(db: Db): Promise<SpendLimit[]> {
  const rows = await db
    .selectFrom("spendLimits")
    .select(["scope", "perDay", "perMonth"])
    .orderBy(sql`scope = ${TOTAL_SCOPE}`, "desc")
    .orderBy("scope")
    .execute();
  return rows.map((row) => ({
    ...row,
    perDay: normalMoney(row.perDay),
    perMonth: normalMoney(row.perMonth),
  }));
}

/**
 * Sets the limits a change names for one scope (null removes one; absent keeps it), under the
 * row's lock, audited (a `spend` event with the limits before and after) unless nothing changed.
 * A scope left with no limit is removed.
 */
export async function changeSpendLimit(
  db: Db,
  request: { scope: string; perDay?: string | null; perMonth?: string | null; actor: string },
): Promise<void> {
  const { scope, actor } = request;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("spendLimits")
      .values({ scope, updatedBy: actor })
      .onConflict((oc) => oc.column("scope").doNothing())
      .execute();
    const row = await trx
      .selectFrom("spendLimits")
      .select(["perDay", "perMonth"])
      .where("scope", "=", scope)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const before = { perDay: normalMoney(row.perDay), perMonth: normalMoney(row.perMonth) };
    const after = {
      perDay: request.perDay === undefined ? before.perDay : normalMoney(request.perDay),
      perMonth: request.perMonth === undefined ? before.perMonth : normalMoney(request.perMonth),
    };
    if (after.perDay === null && after.perMonth === null) {
      await trx.deleteFrom("spendLimits").where("scope", "=", scope).execute();
    } else {
      await trx
        .updateTable("spendLimits")
        .set({ ...after, updatedBy: actor, updatedAt: sql<Date>`now()` })
        .where("scope", "=", scope)
        .execute();
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await recordEvent(trx, {
      kind: "spend",
      actor,
      details: { change: "limits", scope, from: before, to: after },
    });
  });
}

/** One scope's standing against one of its limits in the current UTC period. */
export interface SpendStanding {
  scope: string;
  period: "day" | "month";
  limit: string;
  spent: string;
  reserved: string;
  /** Whether 100 % was announced this period: spend met the limit, or intake refused a message for it. */
  reached: boolean;
}

/** Every limit set, one row each: its scope, its period (`day`, `month`) and the amount (`cap`). */
const LIMIT_ROWS = sql`
  select scope, 'day' as period, per_day as cap from spend_limits where per_day is not null
  union all
  select scope, 'month', per_month from spend_limits where per_month is not null`;

/** A standing as read: its amounts written as fromMicros writes them. */
function normalStanding<T extends SpendStanding>(row: T): T {
  return {
    ...row,
    limit: normalMoney(row.limit)!,
    spent: normalMoney(row.spent)!,
    reserved: normalMoney(row.reserved)!,
  };
}

/** Each limit set, with what its scope spent and holds reserved in the current UTC day or month. */
export async function listSpendStandings(db: Db): Promise<SpendStanding[]> {
  const result = await sql<SpendStanding>`
    select c.scope, c.period, c.cap::text as limit,
           coalesce(l.spent, 0)::text as spent, coalesce(l.reserved, 0)::text as reserved,
           coalesce(l.alerted, 0) >= 100 as reached
      from (${LIMIT_ROWS}) c
      left join spend_ledger l
        on l.scope = c.scope and l.period = c.period
       and l.starts = date_trunc(c.period, now() at time zone 'UTC')::date
     order by c.scope = ${TOTAL_SCOPE} desc, c.scope, c.period`.execute(db);
  return result.rows.map(normalStanding);
}

/** A threshold a scope's spend crossed in a period, announced once per period. */
export interface SpendThreshold extends SpendStanding {
  /** 80 or 100 (% of the limit). */
  threshold: number;
}

/**
 * Announces each threshold (80 % and 100 % of a limit) that `scopes` reached in the current UTC
 * periods and not announced before (spent + reserved; `reached` names a limit a refusal just
 * met, which counts as 100 %): each once per period, as a `spend` event, whichever API replica
 * sees it first. Returns those announced now.
 */
export async function announceSpendThresholds(
  db: Db,
  request: { scopes: readonly string[]; reached?: { scope: string; period: "day" | "month" } },
): Promise<SpendThreshold[]> {
  const reached = request.reached;
  const result = await sql<SpendThreshold>`
    with caps as (${LIMIT_ROWS}), periods as (
      select c.scope, c.period, c.cap, date_trunc(c.period, now() at time zone 'UTC')::date as starts from caps c
       where c.scope = any(${[...request.scopes]}::text[])
    ), opened as (
      insert into spend_ledger (scope, period, starts)
      select scope, period, starts from periods
      on conflict do nothing
    ), marked as (
      update spend_ledger l
         set alerted = case when l.spent + l.reserved >= p.cap
                              or (p.scope = ${reached?.scope ?? null} and p.period = ${reached?.period ?? null}) then 100
                            else 80 end
        from periods p
       where l.scope = p.scope and l.period = p.period and l.starts = p.starts
         and l.alerted < case when l.spent + l.reserved >= p.cap
                                or (p.scope = ${reached?.scope ?? null} and p.period = ${reached?.period ?? null}) then 100
                              when l.spent + l.reserved >= 0.8 * p.cap then 80 else 0 end
      returning l.scope, l.period, p.cap::text as limit, l.spent::text as spent, l.reserved::text as reserved,
                l.alerted >= 100 as reached, l.alerted as threshold
    )
    select * from marked`.execute(db);
  const crossed = result.rows.map(normalStanding);
  for (const t of crossed) {
    await recordEvent(db, {
      kind: "spend",
      actor: "system",
      details: { change: "threshold", ...t },
    });
  }
  return crossed;
}

/** Audits a request intake refused for spend (`spend_daily_limit`, `spend_unpriced`, …). */
export async function recordSpendRefusal(
  db: Db,
  refusal: { actor: string; code: string; rule: string; messages: number },
): Promise<void> {
  const { actor, ...details } = refusal;
  await recordEvent(db, { kind: "spend", actor, details: { decision: "refused", ...details } });
}

/** Spent (sent messages' costs) and reserved (estimates of messages that may still be sent). */
export interface SpendAmounts {
  spent: string;
  reserved: string;
}

/** Spend of the messages stored in a period: in total, and by API key, country and provider. */
export interface SpendSummary {
  total: SpendAmounts;
  byApiKey: Record<string, SpendAmounts>;
  byCountry: Record<string, SpendAmounts>;
  byProvider: Record<string, SpendAmounts>;
}

/**
 * What the priced messages stored in [from, to) spent and hold reserved, in one statement
 * (grouping sets over messages_spend_idx). A message of no country is under `none`, one not
 * attempted yet under provider `none`.
 */
export async function summarizeSpend(db: Db, period: { from: Date; to: Date }): Promise<SpendSummary> {
  const result = await sql<{
    apiKey: string | null;
    country: string | null;
    provider: string | null;
    by: number;
    spent: string;
    reserved: string;
  }>`
    select api_key, country, provider,
           grouping(api_key, country, provider)::int as by,
           coalesce(sum(cost) filter (where status = 'sent'), 0)::text as spent,
           coalesce(sum(estimated_cost) filter (where status in (${sql.join([...RESERVING_STATUSES])})), 0)::text
             as reserved
      from messages
     where estimated_cost is not null and created_at >= ${period.from} and created_at < ${period.to}
     group by grouping sets ((), (api_key), (country), (provider))`.execute(db);
  const summary: SpendSummary = {
    total: { spent: "0", reserved: "0" },
    byApiKey: {},
    byCountry: {},
    byProvider: {},
  };
  for (const row of result.rows) {
    const amounts = { spent: normalMoney(row.spent)!, reserved: normalMoney(row.reserved)! };
    // grouping(): a bit per column left out of the row's set (api_key 4, country 2, provider 1).
    if (row.by === 7) summary.total = amounts;
    else if (row.by === 3) summary.byApiKey[row.apiKey ?? "none"] = amounts;
    else if (row.by === 5) summary.byCountry[row.country ?? "none"] = amounts;
    else if (row.by === 6) summary.byProvider[row.provider ?? "none"] = amounts;
  }
  return summary;
}

/** The limit a spend refusal from Postgres (SQLSTATE SPD01/SPM01, see 0005-spend) names, or undefined for any other error. */
export function spendLimitPassed(error: unknown): { scope: string; period: "day" | "month" } | undefined {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
  if (typeof detail !== "string") return undefined;
  if (code === "SPD01") return { scope: detail, period: "day" };
  if (code === "SPM01") return { scope: detail, period: "month" };
  return undefined;
}
