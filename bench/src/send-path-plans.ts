import { type Db, markSent, startSending } from "@dispatcher/db";
import { dryCapture, explainAnalyze } from "@dispatcher/db/testing";
import { sql } from "kysely";

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the two statements every send runs (`startSending` and
 * `markSent`, built by @dispatcher/db and captured without running), for the newest message, in
 * rolled-back transactions. Taken mid-run, they show how the per-message statements scale with
 * the table as it is then (dead tuples, statistics).
 */
export async function sendPathPlans(db: Db): Promise<{ startSending: string; markSent: string }> {
  const result = await sql<{ id: number | null }>`select max(id) as id from messages`.execute(db);
  const id = Number(result.rows[0]?.id ?? 1);
  const start = await dryCapture(db, (d) => startSending(d, [id]));
  const mark = await dryCapture(db, (d) =>
    markSent(d, [{ id, providerMessageId: "bench", sentAt: new Date() }]),
  );
  return { startSending: await explainAnalyze(db, start), markSent: await explainAnalyze(db, mark) };
}
