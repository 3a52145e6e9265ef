import {
  type Db,
  getProtection,
  type IntakeHead,
  listProviders,
  listSpendLimits,
  listSpendPrices,
  type Protection,
  readIntakeHead,
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

/** The control tables intake judges by: the country rules, caps and quotas, and the spend book. */
export interface IntakeControl {
  protection: Protection;
  spend: SpendBook;
}

/** The control tables at `version` (see IntakeHead): read again only when the version moved. */
export type ControlTables = (version: number) => Promise<IntakeControl>;

/** Everything intake judges one request by that Postgres holds (besides the Idempotency-Key's record). */
export interface IntakeReads extends IntakeControl {
  /** The stored content limit. */
  state: Pick<IntakeHead, "messageMaxLength">;
  /** The suppression list's reason for each recipient on it. */
  optOuts: IntakeHead["optOuts"];
  /** The number rule of each recipient that has one. */
  numberRules: IntakeHead["numberRules"];
}

/**
 * The control tables, kept for as long as their version stays: a request whose version differs
 * from the kept one reads them again (5 statements) and keeps what it read under that version.
 * As the tables are read after the version, what is kept is never older than its version, so a
 * change committed before a request (by any process, or by hand) is in force for it.
 */
export function createControlTables(db: Db): ControlTables {
  let kept: { version: number; control: IntakeControl } | undefined;
  return async (version) => {
    if (kept?.version === version) return kept.control;
    const [protection, prices, providers, limits] = await Promise.all([
      getProtection(db),
      listSpendPrices(db),
      listProviders(db),
      listSpendLimits(db),
    ]);
    const control = { protection, spend: { prices, providers, limits } };
    kept = { version, control };
    return control;
  };
}

/**
 * Reads what intake's rules and guards judge a request by (checkMessages, refuseOptedOut,
 * planSpend, admitMessages) before any of them judges: the content limit and the control
 * version, with the recipients' opt-outs and number rules (one statement, readIntakeHead), then
 * the control tables, from `control` (no statement while their version stays). Throws when the
 * dispatcher state is missing (the API seeds it at start).
 */
export async function readIntake(
  deps: { db: Db; control: ControlTables },
  recipients: readonly string[],
): Promise<IntakeReads> {
  const head = await readIntakeHead(deps.db, recipients);
  if (!head) throw new Error("dispatcher state is missing: the API seeds it at start");
  const { optOuts, numberRules, ...state } = head;
  return { state, optOuts, numberRules, ...(await deps.control(head.version)) };
}
