import { sql } from "kysely";
import type { Db, OptOut } from "./database.js";
import { ERROR_TEXT_MAX_LENGTH, storableText } from "./storable-text.js";

/**
 * Puts `recipient` on the suppression list, or updates why it is there (`reason`; without one a
 * new entry says who added it and an existing one keeps its reason). Returns the entry and
 * whether it is new. A provider's entry never replaces an operator's.
 */
export async function addOptOut(
  db: Db,
  entry: { recipient: string; reason?: string; source: OptOut["source"]; actor: string },
): Promise<{ optOut: OptOut; created: boolean }> {
  const given = entry.reason === undefined ? null : storableText(entry.reason, ERROR_TEXT_MAX_LENGTH);
  const result = await sql<OptOut & { created: boolean }>`
    insert into opt_outs as o (recipient, reason, source, actor)
    values (${entry.recipient}, coalesce(${given}::text, ${`added by ${entry.actor}`}), ${entry.source}, ${entry.actor})
    on conflict (recipient) do update
       set reason = coalesce(${given}::text, o.reason), source = excluded.source, actor = excluded.actor
     where excluded.source = 'operator' or o.source = 'provider'
    returning o.recipient, o.reason, o.source, o.actor, o.created_at, (xmax = 0) as created`.execute(db);
  const row = result.rows[0];
  if (row) {
    const { created, ...optOut } = row;
    return { optOut, created };
  }
  // An operator's entry kept: answer it as it stands.
  return { optOut: (await getOptOut(db, entry.recipient))!, created: false };
}

/** Takes `recipient` off the suppression list; false when it was not on it. */
export async function removeOptOut(db: Db, recipient: string): Promise<boolean> {
  const result = await db.deleteFrom("optOuts").where("recipient", "=", recipient).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The suppression list's entry for `recipient`, or undefined. */
export async function getOptOut(db: Db, recipient: string): Promise<OptOut | undefined> {
  return db.selectFrom("optOuts").selectAll().where("recipient", "=", recipient).executeTakeFirst();
}

/** The entries of those of `recipients` on the suppression list, by recipient. */
export async function findOptOuts(db: Db, recipients: string[]): Promise<Map<string, OptOut>> {
  if (recipients.length === 0) return new Map();
  const rows = await db
    .selectFrom("optOuts")
    .selectAll()
    .where("recipient", "in", [...new Set(recipients)])
    .execute();
  return new Map(rows.map((row) => [row.recipient, row]));
}
