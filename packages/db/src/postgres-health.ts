import { type Kysely, sql } from "kysely";
import type { Database } from "./database.js";

/** Resolves when Postgres answers `select 1` within `timeoutMs`; rejects otherwise. */
export async function pingPostgres(db: Kysely<Database>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
