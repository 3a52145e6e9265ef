import { ERASABLE_STATUSES } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db } from "./database.js";

/**
 * Erases up to `limit` messages final (ERASABLE_STATUSES) and unchanged for `olderThanDays` days:
 * their recipient and content become null and `erased_at` is set; status, counts, segments,
 * errors and times are kept. Oldest change first, one short statement (an index range of
 * `messages_erasable_idx` and a primary-key update); rows another statement holds are skipped
 * (SKIP LOCKED) for a later pass. Returns how many it erased. Idempotent: an erased row is never
 * picked again.
 */
export async function eraseFinalMessages(
  db: Db,
  options: { olderThanDays: number; limit: number },
): Promise<number> {
  const { olderThanDays, limit } = options;
  const result = await sql`
    update messages set recipient = null, content = null, erased_at = now()
     where id = any(array(
             select id from messages
              where erased_at is null and status in (${sql.join([...ERASABLE_STATUSES])})
                and updated_at < now() - make_interval(days => ${olderThanDays}::int)
              order by updated_at
              limit ${limit}
                for update skip locked))`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
