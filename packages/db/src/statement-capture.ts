import type { CompiledQuery, Kysely, KyselyPlugin } from "kysely";

/**
 * A view of `db` that records the SQL and parameters of every statement run through it, exactly as
 * sent to Postgres (after the db's own plugins, e.g. CamelCasePlugin). Lets the bench EXPLAIN the
 * statements that @dispatcher/db's functions really run, without copying their SQL.
 */
export function captureStatements<DB>(db: Kysely<DB>): { db: Kysely<DB>; statements: CompiledQuery[] } {
  const statements: CompiledQuery[] = [];
  let captured: Kysely<DB> | undefined;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      statements.push(captured!.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  captured = db.withPlugin(plugin);
  return { db: captured, statements };
}

/** Thrown inside a dry capture to keep the statement from running. */
class DryRun extends Error {}

/**
 * The SQL and parameters the statement built by `run` would send, without running it: the first
 * statement is compiled (after the db's own plugins) and then aborted before it reaches Postgres.
 */
export async function dryCapture<DB>(
  db: Kysely<DB>,
  run: (db: Kysely<DB>) => Promise<unknown>,
): Promise<CompiledQuery> {
  let compiled: CompiledQuery | undefined;
  let captured: Kysely<DB> | undefined;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      compiled = captured!.getExecutor().compileQuery(args.node, args.queryId);
      throw new DryRun();
    },
    transformResult: async (args) => args.result,
  };
  captured = db.withPlugin(plugin);
  try {
    await run(captured);
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  if (!compiled) throw new Error("dryCapture: no statement was built");
  return compiled;
}
