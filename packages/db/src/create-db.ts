import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./database.js";

const INT8_OID = 20;

/**
 * A Kysely instance over a pg pool. Identifiers are camelCase in TypeScript and snake_case in SQL.
 * `bigint` ids come back as JS numbers (ids stay far below 2^53). The caller owns `db.destroy()`.
 * Each connection gets the given server-side timeouts, so a hung statement or an abandoned
 * transaction cannot hold a connection (or a send job) forever; omitted, the server's apply.
 */
export function createDb(options: {
  url: string;
  poolSize?: number;
  /** Connections kept open once opened, however long idle (at most `poolSize`); the rest close after 10 s idle. */
  poolMin?: number;
  applicationName?: string;
  /** `statement_timeout` in ms: a statement running (or waiting for a lock) longer is cancelled. */
  statementTimeoutMs?: number;
  /** `idle_in_transaction_session_timeout` in ms: a transaction left idle longer is ended. */
  idleInTransactionTimeoutMs?: number;
  /** Hears connection errors (Postgres restarted, say); queries in flight fail on their own. */
  onError?: (error: Error) => void;
}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    min: Math.min(options.poolMin ?? 0, options.poolSize ?? 10),
    application_name: options.applicationName ?? "dispatcher",
    connectionTimeoutMillis: 5_000,
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
    ...(options.idleInTransactionTimeoutMs === undefined
      ? {}
      : { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs }),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format as "text")) as never,
    },
  });
  // A client that loses its connection (Postgres restarted) emits 'error': the pool relays it for
  // idle clients, but a checked-out client between two statements emits it on itself, and with no
  // listener that would crash the process. The broken client is discarded on release.
  const onError = options.onError ?? (() => {});
  pool.on("error", onError);
  pool.on("connect", (client) => {
    client.on("error", onError);
  });
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
}
