import {
  type CountryAction,
  type CountryRules,
  maskNumber,
  NO_LIMITS,
  type NumberAction,
  type ProtectionLimits,
} from "@dispatcher/core";
import { sql } from "kysely";
import type { Db, StoredNumberRule } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";
import { ERROR_TEXT_MAX_LENGTH, storableText } from "./storable-text.js";

/** The pumping guard's settings as stored: the countries' rules and the caps and quotas. */
export interface Protection {
  countries: CountryRules;
  limits: ProtectionLimits;
  updatedAt: Date;
  updatedBy: string;
}

/** Stored limits over NO_LIMITS: a field the stored JSON lacks reads as no limit. */
function limitsOf(stored: Partial<ProtectionLimits>): ProtectionLimits {
  return {
    recipient: { ...NO_LIMITS.recipient, ...stored.recipient },
    laneRecipient: { ...stored.laneRecipient },
    key: { ...NO_LIMITS.key, ...stored.key },
    keys: { ...stored.keys },
    homeCountries: stored.homeCountries ?? [],
  };
}

/** The guard's settings: one read of the settings row and one of the country rules. */
export async function getProtection(db: Db): Promise<Protection> {
  const [row, rules] = await Promise.all([
    db.selectFrom("protection").selectAll().executeTakeFirstOrThrow(),
    db.selectFrom("countryRules").select(["country", "action"]).execute(),
  ]);
  return {
    countries: {
      defaultAction: row.defaultCountryAction,
      countries: new Map(rules.map((rule) => [rule.country, rule.action])),
    },
    limits: limitsOf(row.limits),
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/**
 * Changes the action for countries without a rule and/or the limits (replaced whole when given),
 * under the row's lock, and audits it (a `protection` event with the settings before and after)
 * unless nothing changed.
 */
export async function changeProtection(
  db: Db,
  request: { defaultCountryAction?: CountryAction; limits?: ProtectionLimits; actor: string },
): Promise<void> {
  const { actor } = request;
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("protection").selectAll().forUpdate().executeTakeFirstOrThrow();
    const before = { defaultCountryAction: row.defaultCountryAction, limits: limitsOf(row.limits) };
    const after = {
      defaultCountryAction: request.defaultCountryAction ?? before.defaultCountryAction,
      limits: request.limits ?? before.limits,
    };
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await trx
      .updateTable("protection")
      .set({
        defaultCountryAction: after.defaultCountryAction,
        limits: JSON.stringify(after.limits),
        updatedBy: actor,
        updatedAt: sql<Date>`now()`,
      })
      .execute();
    await recordEvent(trx, {
      kind: "protection",
      actor,
      details: { change: "settings", from: before, to: after },
    });
  });
}

/** Sets `country`'s rule (audited with the action before, null when it had none); false when it was already so. */
export async function setCountryRule(
  db: Db,
  request: { country: string; action: CountryAction; actor: string },
): Promise<boolean> {
  const { country, action, actor } = request;
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("countryRules")
      .select("action")
      .where("country", "=", country)
      .forUpdate()
      .executeTakeFirst();
    if (before?.action === action) return false;
    await trx
      .insertInto("countryRules")
      .values({ country, action, updatedBy: actor })
      .onConflict((oc) =>
        oc.column("country").doUpdateSet({ action, updatedBy: actor, updatedAt: sql`now()` }),
      )
      .execute();
    await recordEvent(trx, {
      kind: "protection",
      actor,
      details: { change: "country", country, from: before?.action ?? null, to: action },
    });
    return true;
  });
}

/** Removes `country`'s rule (the default action applies again), audited; false when it had none. */
export async function removeCountryRule(
  db: Db,
  request: { country: string; actor: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("countryRules")
      .where("country", "=", request.country)
      .returning("action")
      .executeTakeFirst();
    if (!removed) return false;
    await recordEvent(trx, {
      kind: "protection",
      actor: request.actor,
      details: { change: "country", country: request.country, from: removed.action, to: null },
    });
    return true;
  });
}

/**
 * Puts (or replaces) one number's rule, audited with the number masked (see maskNumber). Returns
 * the rule and whether it is new.
 */
export async function putNumberRule(
  db: Db,
  rule: { number: string; action: NumberAction; until: Date | null; reason?: string; actor: string },
): Promise<{ rule: StoredNumberRule; created: boolean }> {
  const reason = rule.reason === undefined ? null : storableText(rule.reason, ERROR_TEXT_MAX_LENGTH);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("numberRules")
      .values({ number: rule.number, action: rule.action, until: rule.until, reason, createdBy: rule.actor })
      .onConflict((oc) =>
        oc.column("number").doUpdateSet({
          action: rule.action,
          until: rule.until,
          reason,
          createdBy: rule.actor,
          createdAt: sql`now()`,
        }),
      )
      .returningAll()
      .returning(sql<boolean>`(xmax = 0)`.as("created"))
      .executeTakeFirstOrThrow();
    const { created, ...stored } = row;
    await recordEvent(trx, {
      kind: "protection",
      actor: rule.actor,
      details: {
        change: "number",
        number: maskNumber(rule.number),
        to: { action: rule.action, until: rule.until?.toISOString() ?? null },
      },
    });
    return { rule: stored, created };
  });
}

/** Removes one number's rule, audited; false when it had none. */
export async function removeNumberRule(db: Db, request: { number: string; actor: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("numberRules")
      .where("number", "=", request.number)
      .returning("action")
      .executeTakeFirst();
    if (!removed) return false;
    await recordEvent(trx, {
      kind: "protection",
      actor: request.actor,
      details: { change: "number", number: maskNumber(request.number), from: removed.action, to: null },
    });
    return true;
  });
}

/** Number rules in number order, after `after` when given; expired ones included (their `until` says so). */
export async function listNumberRules(
  db: Db,
  options: { limit: number; after?: string },
): Promise<StoredNumberRule[]> {
  let query = db.selectFrom("numberRules").selectAll();
  if (options.after !== undefined) query = query.where("number", ">", options.after);
  return query.orderBy("number").limit(options.limit).execute();
}

/** Audits what the guard decided for one request: refused, or sent under a monitor rule. */
export async function recordProtectionDecision(
  db: Db,
  decision: {
    actor: string;
    decision: "refused" | "monitored";
    code: string;
    rule: string;
    messages: number;
  },
): Promise<void> {
  const { actor, ...details } = decision;
  await recordEvent(db, { kind: "protection", actor, details });
}
