import type { DeliveryStatus } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db } from "./database.js";
import { ERROR_TEXT_MAX_LENGTH, storableText } from "./storable-text.js";

/** What one callback POST needs. */
export interface DueCallback {
  id: number;
  messageId: number;
  status: DeliveryStatus;
  at: Date;
  callbackUrl: string;
  deliveredAt: Date | null;
  /**
   * An earlier callback of the same message is still being tried (and was noted within
   * CALLBACK_WAIT_LIMIT_MS): this one waits for it.
   */
  waitsForEarlier: boolean;
}

/** A callback waits for an earlier one of its message at most this long after that one was noted (its retries take about 34 minutes). */
export const CALLBACK_WAIT_LIMIT_MS = 3_600_000;

/** Callback `id` with its message's URL, or undefined when it (or its message) is gone. */
export async function getDueCallback(db: Db, id: number): Promise<DueCallback | undefined> {
  const result = await sql<DueCallback>`
    select c.id, c.message_id as "messageId", c.status, c.at, m.callback_url as "callbackUrl",
           c.delivered_at as "deliveredAt",
           exists (select 1 from status_callbacks e
                    where e.message_id = c.message_id and e.id < c.id
                      and e.delivered_at is null and e.gave_up_at is null
                      and e.created_at > now() - ${CALLBACK_WAIT_LIMIT_MS}::double precision * interval '1 millisecond'
                  ) as "waitsForEarlier"
      from status_callbacks c join messages m on m.id = c.message_id
     where c.id = ${id} and m.callback_url is not null`.execute(db);
  return result.rows[0];
}

/** Records one POST of callback `id`: delivered, or its error (and, on the last try, that it gave up). */
export async function recordCallbackAttempt(
  db: Db,
  id: number,
  outcome: { delivered: true } | { delivered: false; error: string; gaveUp: boolean },
): Promise<void> {
  await db
    .updateTable("statusCallbacks")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      ...(outcome.delivered
        ? { deliveredAt: sql<Date>`now()`, lastError: null }
        : {
            lastError: storableText(outcome.error, ERROR_TEXT_MAX_LENGTH),
            ...(outcome.gaveUp ? { gaveUpAt: sql<Date>`now()` } : {}),
          }),
    }))
    .where("id", "=", id)
    .execute();
}

/** Marks callback `id` given up (its job failed for good), so later ones of its message stop waiting. */
export async function markCallbackGaveUp(db: Db, id: number): Promise<void> {
  await db
    .updateTable("statusCallbacks")
    .set({ gaveUpAt: sql<Date>`now()` })
    .where("id", "=", id)
    .where("deliveredAt", "is", null)
    .where("gaveUpAt", "is", null)
    .execute();
}

/** Callbacks never tried, noted over `olderThanMs` ago, oldest first: their job may never have been added. */
export async function findOpenCallbacks(db: Db, olderThanMs: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("statusCallbacks")
    .select("id")
    .where("deliveredAt", "is", null)
    .where("gaveUpAt", "is", null)
    .where("attempts", "=", 0)
    .where(sql<boolean>`created_at < now() - ${olderThanMs}::double precision * interval '1 millisecond'`)
    .orderBy("createdAt")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
