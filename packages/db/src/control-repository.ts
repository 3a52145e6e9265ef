import type { NumberRule } from "@dispatcher/core";
import { type Expression, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Db } from "./database.js";

/**
 * What intake reads first on every request: the stored content limit, and `version`, the count
 * of committed changes to the control tables (protection, country rules, spend prices and
 * limits, providers; bumped by triggers, see 0007-control-version).
 */
export interface ControlHead {
  messageMaxLength: number;
  version: number;
}

/** ControlHead with what the suppression list and the number rules hold for a request's recipients. */
export interface IntakeHead extends ControlHead {
  /** The suppression list's reason for each recipient on it. */
  optOuts: Map<string, { reason: string }>;
  /** The rule of each recipient that has one (in force or not: see judgeRecipient). */
  numberRules: Map<string, NumberRule>;
}

/**
 * The content limit, the control tables' version, and the opt-outs and number rules of
 * `recipients`, in one statement (one round trip on every intake request; see IntakeHead).
 * Undefined before the dispatcher state is seeded.
 */
export async function readIntakeHead(db: Db, recipients: readonly string[]): Promise<IntakeHead | undefined> {
  const numbers = [...new Set(recipients)];
  const among = sql<string>`any(${numbers}::text[])` as Expression<string>;
  const row = await db
    .selectFrom("dispatcherState")
    .innerJoin("controlVersion", (join) => join.onTrue())
    .select((eb) => [
      "dispatcherState.messageMaxLength",
      "controlVersion.version",
      jsonArrayFrom(
        eb.selectFrom("optOuts").select(["recipient", "reason"]).where("recipient", "=", among),
      ).as("optOuts"),
      // `until` as text: JSON has no timestamp, so it is read back with new Date.
      jsonArrayFrom(
        eb
          .selectFrom("numberRules")
          .select(["number", "action", sql<string | null>`until`.as("until")])
          .where("number", "=", among),
      ).as("numberRules"),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    messageMaxLength: row.messageMaxLength,
    version: row.version,
    optOuts: new Map(row.optOuts.map((o) => [o.recipient, { reason: o.reason }])),
    numberRules: new Map(
      row.numberRules.map((r) => [
        r.number,
        { action: r.action, until: r.until === null ? null : new Date(r.until) },
      ]),
    ),
  };
}
