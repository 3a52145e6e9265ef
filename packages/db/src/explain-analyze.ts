import { CompiledQuery, type Kysely, sql } from "kysely";

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of `statement` as text. ANALYZE runs the statement, so it runs in a
 * transaction that is rolled back: the data is left as it was (apart from dead tuples for VACUUM).
 */
export async function explainAnalyze<DB>(db: Kysely<DB>, statement: CompiledQuery): Promise<string> {
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    try {
      const result = await connection.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]),
      );
      return result.rows.map((row) => Object.values(row)[0]).join("\n");
    } finally {
      await sql`rollback`.execute(connection);
    }
  });
}
