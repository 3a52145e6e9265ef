// Test support: fresh databases and queue prefixes. Imported only by test files.
import { randomUUID } from "node:crypto";
import "@dispatcher/test-setup";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
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

export interface TestDatabaseOptions {
  /** Tables emptied, their identities restarted, before each test. */
  truncate?: readonly string[];
  /** Runs once on the new database before the file's tests (seed rows, statistics). */
  seed?: (db: Kysely<Database>) => Promise<unknown>;
}

/**
 * This test file's own fresh, migrated database on the suite's Postgres (`inject("databaseUrl")`):
 * made and `seed`ed before its tests, its `truncate` tables emptied before each test, dropped after
 * them (or when the handle's `drop` is called); its `url` and `db` are valid inside hooks and tests.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): TestDatabase {
  let database: TestDatabase | undefined;
  const current = (): TestDatabase => {
    if (!database) throw new Error("useTestDatabase: the database exists only inside hooks and tests");
    return database;
  };
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    await options.seed?.(database.db);
  });
  const drop = async () => {
    const dropping = database;
    database = undefined;
    await dropping?.drop();
  };
  afterAll(drop);
  const tables = options.truncate ?? [];
  if (tables.length > 0) {
    beforeEach(async () => {
      await sql`truncate ${sql.join(tables.map((name) => sql.table(name)))} restart identity`.execute(
        current().db,
      );
    });
  }
  return {
    get url() {
      return current().url;
    },
    get db() {
      return current().db;
    },
    drop,
  };
}

export { explainAnalyze } from "./explain-analyze.js";
export { captureStatements, dryCapture } from "./statement-capture.js";

/** One provider, `primary`, as the candidates of startSending in tests that route nowhere else. */
export const ONE_PROVIDER = { names: ["primary"], weights: [1] } as const satisfies {
  names: readonly string[];
  weights: readonly number[];
};
