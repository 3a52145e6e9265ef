import { maskNumber, type OptOutSource } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db, OptOut } from "./database.js";
import { recordEvent } from "./dispatcher-repository.js";
import { ERROR_TEXT_MAX_LENGTH, storableText } from "./storable-text.js";

/** The longest `detail` stored (a keyword or an error code); the schema's CHECK says the same. */
const DETAIL_MAX_LENGTH = 100;

/**
 * Puts `recipient` on the suppression list, or updates why it is there (`reason`; without one a
 * new entry says who added it and an existing one keeps its reason). Returns the entry and
 * whether it is new. Only an operator's entry replaces an operator's: a provider's answer or a
 * keyword leaves it as it is. Every entry added or changed is audited (`opt-out`, the number
 * masked), in the same transaction; the same entry again changes nothing and is not audited.
 */
export async function addOptOut(
  db: Db,
  entry: { recipient: string; reason?: string; source: OptOutSource; detail?: string | null; actor: string },
): Promise<{ optOut: OptOut; created: boolean }> {
  const given = entry.reason === undefined ? null : storableText(entry.reason, ERROR_TEXT_MAX_LENGTH);
  const detail = entry.detail == null ? null : storableText(entry.detail, DETAIL_MAX_LENGTH);
  return db.transaction().execute(async (trx) => {
    const result = await sql<OptOut & { created: boolean }>`
      insert into opt_outs as o (recipient, reason, source, detail, actor)
      values (${entry.recipient}, coalesce(${given}::text, ${`added by ${entry.actor}`}), ${entry.source},
              ${detail}, ${entry.actor})
      on conflict (recipient) do update
         set reason = coalesce(${given}::text, o.reason), source = excluded.source,
             detail = excluded.detail, actor = excluded.actor
       where (excluded.source = 'operator' or o.source <> 'operator')
         and (o.reason, o.source, o.detail, o.actor) is distinct from
             (coalesce(${given}::text, o.reason), excluded.source, excluded.detail, excluded.actor)
      returning o.recipient, o.reason, o.source, o.detail, o.actor, o.created_at, (xmax = 0) as created`.execute(
      trx,
    );
    const row = result.rows[0];
    if (!row) {
      // An operator's entry kept, or the same entry again: answer it as it stands.
      return { optOut: (await getOptOut(trx, entry.recipient))!, created: false };
    }
    const { created, ...optOut } = row;
    await recordEvent(trx, {
      kind: "opt-out",
      actor: entry.actor,
      details: {
        action: created ? "added" : "updated",
        number: maskNumber(entry.recipient),
        source: entry.source,
        detail,
      },
    });
    return { optOut, created };
  });
}

/**
 * Takes `recipient` off the suppression list when its entry came from one of `change.from` (any
 * source when absent), and audits it (`opt-out`, action `removed`, the number masked) in the same
 * transaction. Returns the entry taken off, or undefined (not on the list, or from another source).
 */
export async function removeOptOut(
  db: Db,
  recipient: string,
  change: { actor: string; source: OptOutSource; detail?: string | null; from?: readonly OptOutSource[] },
): Promise<OptOut | undefined> {
  return db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom("optOuts").where("recipient", "=", recipient);
    if (change.from !== undefined) query = query.where("source", "in", [...change.from]);
    const removed = await query.returningAll().executeTakeFirst();
    if (removed) {
      await recordEvent(trx, {
        kind: "opt-out",
        actor: change.actor,
        details: {
          action: "removed",
          number: maskNumber(recipient),
          source: change.source,
          detail: change.detail ?? null,
          was: removed.source,
        },
      });
    }
    return removed;
  });
}

/** The suppression list's entry for `recipient`, or undefined. */
export async function getOptOut(db: Db, recipient: string): Promise<OptOut | undefined> {
  return db.selectFrom("optOuts").selectAll().where("recipient", "=", recipient).executeTakeFirst();
}

/**
 * A page of the suppression list in number order, after `after` (a number) when given, optionally
 * of one source only. Reads the primary key, so a page costs the same at any list size.
 */
export async function listOptOuts(
  db: Db,
  options: { limit: number; after?: string; source?: OptOutSource },
): Promise<OptOut[]> {
  let query = db.selectFrom("optOuts").selectAll();
  if (options.after !== undefined) query = query.where("recipient", ">", options.after);
  if (options.source !== undefined) query = query.where("source", "=", options.source);
  return query.orderBy("recipient").limit(options.limit).execute();
}
