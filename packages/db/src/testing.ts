// Test support: fresh databases and queue prefixes. Imported only by test files.
import { randomUUID } from "node:crypto";
import "@dispatcher/test-setup";
import type { Kysely } from "kysely";
import { createDb } from "./create-db.js";
import type { Database } from "./database.js";
import { dropDatabase, ensureDatabase } from "./ensure-database.js";
import { migrateToLatest } from "./migrate.js";

export interface TestDatabase {
  /** URL of this file's own database, for child processes. */
  url: string;
  db: Kysely<Database>;
  /** Closes the pool and drops the database. */
  drop: () => Promise<void>;
}

/** A fresh, migrated database of its own on the server at `serverUrl`. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const url = new URL(serverUrl);
  url.pathname = `/test_${randomUUID().replaceAll("-", "")}`;
  const dbUrl = url.toString();
  await ensureDatabase(dbUrl);
  const db = createDb({ url: dbUrl, poolSize: 5, applicationName: "dispatcher-test" });
  await migrateToLatest(db);
  return {
    url: dbUrl,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(dbUrl);
    },
  };
}

export { explainAnalyze } from "./explain-analyze.js";
export { captureStatements, dryCapture } from "./statement-capture.js";

/** One provider, `primary`, as the candidates of startSending in tests that route nowhere else. */
export const ONE_PROVIDER = { names: ["primary"], weights: [1] } as const satisfies {
  names: readonly string[];
  weights: readonly number[];
};
