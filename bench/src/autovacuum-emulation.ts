import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@dispatcher/db";
import { sql } from "kysely";

/** How often the emulation checks the table; Postgres's default autovacuum_naptime is 60 s. */
export const AUTOVACUUM_CHECK_MS = 5_000;

export interface AutovacuumEmulation {
  /** Stops checking; resolves with how many VACUUM ANALYZE and ANALYZE it ran. */
  stop: () => Promise<{ vacuums: number; analyzes: number }>;
}

/** Whether the server runs autovacuum (`SHOW autovacuum`). */
export async function serverAutovacuum(db: Db): Promise<boolean> {
  const result = await sql<{ autovacuum: string }>`show autovacuum`.execute(db);
  return result.rows[0]?.autovacuum === "on";
}

/**
 * Does for the messages table what autovacuum would do with Postgres's default thresholds, for a
 * server that runs with `autovacuum = off` (as this shared machine's does): every `checkMs`,
 * VACUUM ANALYZE when dead tuples exceed 50 + 20% of the rows, else ANALYZE when changed tuples
 * exceed 50 + 10%. Checking every 5 s is more eager than autovacuum's 60 s naptime, so it shows
 * the app close to its best case.
 */
export function startAutovacuumEmulation(db: Db, checkMs = AUTOVACUUM_CHECK_MS): AutovacuumEmulation {
  let stopped = false;
  let vacuums = 0;
  let analyzes = 0;
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopped) {
      await Promise.race([sleep(checkMs), new Promise<void>((resolve) => (wake = resolve))]);
      if (stopped) break;
      await check().catch(() => {
        // The run is being torn down, or Postgres hiccuped: check again next round.
      });
    }
  })();
  async function check(): Promise<void> {
    // Aliased without underscores: the db's CamelCasePlugin renames result columns.
    const result = await sql<{ rows: number; dead: string; changed: string }>`
        select c.reltuples as rows, s.n_dead_tup as dead, s.n_mod_since_analyze as changed
          from pg_stat_user_tables s join pg_class c on c.oid = s.relid
         where s.relname = 'messages'`.execute(db);
    const row = result.rows[0];
    if (!row) return;
    const rows = Math.max(0, Number(row.rows));
    if (Number(row.dead) > 50 + 0.2 * rows) {
      await sql`vacuum analyze messages`.execute(db);
      vacuums++;
    } else if (Number(row.changed) > 50 + 0.1 * rows) {
      await sql`analyze messages`.execute(db);
      analyzes++;
    }
  }
  return {
    stop: async () => {
      stopped = true;
      wake();
      await loop;
      return { vacuums, analyzes };
    },
  };
}
