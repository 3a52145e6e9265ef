import {
  type Db,
  type DispatcherState,
  findNumberRules,
  findOptOuts,
  getDispatcherState,
  getProtection,
  listProviders,
  listSpendLimits,
  listSpendPrices,
  type Protection,
  type SpendLimit,
  type SpendPrice,
  type StoredProvider,
} from "@dispatcher/db";

/** What the spend guard prices a request by: the prices, the routing they apply to, and the limits. */
export interface SpendBook {
  prices: SpendPrice[];
  providers: StoredProvider[];
  limits: SpendLimit[];
}

/** Everything intake judges one request by that Postgres holds (besides the Idempotency-Key's record). */
export interface IntakeReads {
  /** The dispatcher state: its content limit (`messageMaxLength`). */
  state: DispatcherState;
  /** The suppression list's entry of each recipient that has one. */
  optOuts: Awaited<ReturnType<typeof findOptOuts>>;
  /** The number rule of each recipient that has one. */
  numberRules: Awaited<ReturnType<typeof findNumberRules>>;
  /** The country rules and the caps and quotas. */
  protection: Protection;
  spend: SpendBook;
}

/**
 * Reads what intake's rules and guards judge a request by (checkMessages, refuseOptedOut,
 * planSpend, admitMessages), every statement at once on the pool: a request waits for one round
 * trip rather than one per guard, and each guard then judges in its order from what was read.
 * Nothing is cached: a change committed before the request is in force for it. Throws when the
 * dispatcher state is missing (the API seeds it at start).
 */
export async function readIntake(db: Db, recipients: readonly string[]): Promise<IntakeReads> {
  const numbers = [...new Set(recipients)];
  const [state, optOuts, numberRules, protection, prices, providers, limits] = await Promise.all([
    getDispatcherState(db),
    findOptOuts(db, numbers),
    findNumberRules(db, numbers),
    getProtection(db),
    listSpendPrices(db),
    listProviders(db),
    listSpendLimits(db),
  ]);
  if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
  return { state, optOuts, numberRules, protection, spend: { prices, providers, limits } };
}
