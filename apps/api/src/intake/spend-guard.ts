import { countryOfNumber, fromMicros, toMicros } from "@dispatcher/core";
import {
  announceSpendThresholds,
  type Db,
  recordSpendRefusal,
  type SpendLimit,
  type StoredProvider,
  spendLimitPassed,
  TOTAL_SCOPE,
} from "@dispatcher/db";
import { HttpError } from "../http/error-handler.js";
import type { HttpMetrics } from "../metrics/http-metrics.js";
import type { SpendBook } from "./intake-reads.js";

/** What the spend guard needs: the stored prices, routing and limits, and who hears its refusals. */
export interface SpendDeps {
  db: Db;
  metrics?: Pick<HttpMetrics, "countSpendRefusal">;
}

/** A message as the spend guard prices it. */
export interface PricedMessage {
  to: string;
  segments: number;
}

/** What the guard decided for a request: each message's country and estimate (null: unpriced). */
export interface SpendPlan {
  countries: (string | null)[];
  estimates: (string | null)[];
  /** Answers an insert's failure: a spend limit passed becomes a 429 (audited, counted); anything else is rethrown. */
  refused: (error: unknown) => Promise<never>;
  /** Announces the thresholds the stored messages made their scopes reach (best effort). */
  stored: () => Promise<void>;
}

const DAY_MS = 86_400_000;

/** The routing and prices an estimate reads: per provider, its price by country in micro-units. */
interface PriceBook {
  providers: readonly StoredProvider[];
  prices: Map<string, Map<string, bigint>>;
}

/**
 * A message's estimate in micro-units: segments × the highest price among the providers routing
 * may choose for its country (weight above 0, the country among theirs or theirs empty), as the
 * choice is weighted-random; a provider's price is its country's, else its `*`. Null when no
 * provider may take it or one of them has no price (unpriced).
 */
function estimateOf(book: PriceBook, message: { country: string | null; segments: number }): bigint | null {
  let highest: bigint | null = null;
  for (const provider of book.providers) {
    if (provider.weight <= 0) continue;
    if (provider.countries.length > 0 && !provider.countries.includes(message.country ?? "")) continue;
    const prices = book.prices.get(provider.name);
    const price = prices?.get(message.country ?? "*") ?? prices?.get("*");
    if (price === undefined) return null;
    if (highest === null || price > highest) highest = price;
  }
  return highest === null ? null : highest * BigInt(message.segments);
}

/** When a limit's period (the UTC day or month) ends, in seconds from `now` (at least 1). */
function secondsLeft(period: "day" | "month", now: Date): number {
  const ends =
    period === "day"
      ? (Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS
      : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1_000));
}

/** Whose limit a scope's is, in words. */
const whose = (scope: string) =>
  scope === TOTAL_SCOPE ? "total spend limit" : `API key ${scope}'s spend limit`;

/**
 * The 429 for a spend limit passed (`spend_daily_limit`, `spend_monthly_limit`), with the rule in
 * words (the limit's amount when known) and Retry-After when its period ends.
 */
export function spendLimitError(
  passed: { scope: string; period: "day" | "month" },
  limit?: string | null,
): HttpError {
  const per = passed.period === "day" ? "UTC day" : "UTC month";
  const rule = `${whose(passed.scope)}: ${limit ? `at most ${limit}` : "a limit"} spent and reserved per ${per}`;
  const retryAfterSeconds = secondsLeft(passed.period, new Date());
  return new HttpError(429, `refused by the ${rule}; its ${per} ends in ${retryAfterSeconds} s`, [], {
    code: passed.period === "day" ? "spend_daily_limit" : "spend_monthly_limit",
    rule,
    retryAfterSeconds,
  });
}

/**
 * Rethrows a statement's failure, a spend limit passed (a retry putting messages back to pending,
 * which reserves again) as spendLimitError's 429: nothing was changed.
 */
export function refuseSpendLimit(error: unknown): never {
  const passed = spendLimitPassed(error);
  throw passed ? spendLimitError(passed) : error;
}

/**
 * Prices a request's messages at intake (estimateOf), before the pumping guard counts them. When
 * a limit applies to the request (the total's, or its API key's) and a message is unpriced, the
 * request is refused 403 `spend_unpriced` (fail closed), audited and counted. Reserving is the
 * insert's (the spend trigger, in the same statement): the plan's `refused` turns a limit passed
 * there into a 429. With no prices stored, every estimate is null and nothing is reserved. The
 * prices, routing and limits are `spend`, as readIntake read them.
 */
export async function planSpend(
  deps: SpendDeps,
  items: readonly PricedMessage[],
  request: { actor: string; spend: SpendBook },
): Promise<SpendPlan> {
  const { prices, providers, limits } = request.spend;
  const book: PriceBook = { providers, prices: new Map() };
  for (const p of prices) {
    const byCountry = book.prices.get(p.provider) ?? new Map<string, bigint>();
    byCountry.set(p.country, toMicros(p.price));
    book.prices.set(p.provider, byCountry);
  }
  const countries = items.map((m) => countryOfNumber(m.to) ?? null);
  const micros =
    prices.length === 0
      ? items.map(() => null)
      : items.map((m, i) => estimateOf(book, { country: countries[i]!, segments: m.segments }));
  const applying = limits.filter((l) => l.scope === TOTAL_SCOPE || l.scope === request.actor);
  const refuse = async (error: HttpError): Promise<never> => {
    deps.metrics?.countSpendRefusal(error.refused!.code, items.length);
    await recordSpendRefusal(deps.db, {
      actor: request.actor,
      code: error.refused!.code,
      rule: error.refused!.rule ?? "",
      messages: items.length,
    });
    throw error;
  };
  const unpriced = micros.indexOf(null);
  if (applying.length > 0 && unpriced >= 0) {
    const to = items[unpriced]!.to;
    await refuse(
      new HttpError(
        403,
        `a spend limit applies and no price covers every provider that may send to ${to}`,
        [],
        {
          code: "spend_unpriced",
          rule: `${whose(applying[0]!.scope)} applies, and a message with no price cannot be counted against it`,
        },
      ),
    );
  }
  const scopes = applying.map((l) => l.scope);
  return {
    countries,
    estimates: micros.map((m) => (m === null ? null : fromMicros(m))),
    refused: async (error) => {
      const passed = spendLimitPassed(error);
      if (!passed) throw error;
      const limit: SpendLimit | undefined = limits.find((l) => l.scope === passed.scope);
      const refusal = spendLimitError(passed, passed.period === "day" ? limit?.perDay : limit?.perMonth);
      await announceSpendThresholds(deps.db, { scopes: [passed.scope], reached: passed }).catch(
        () => undefined,
      );
      return refuse(refusal);
    },
    stored: async () => {
      if (scopes.length > 0) await announceSpendThresholds(deps.db, { scopes });
    },
  };
}
