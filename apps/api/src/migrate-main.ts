import { loadDotEnv, loadMigrateConfig } from "@dispatcher/config";
import { createDb } from "@dispatcher/db";
import { ensureDatabase, migrateToLatest } from "@dispatcher/db/admin";
import { createLogger, redactUrl, requireReachable } from "@dispatcher/runtime";

// `pnpm migrate`: creates the database if missing, then applies every pending migration.
loadDotEnv();
const config = loadMigrateConfig();
const logger = createLogger({ name: "migrate", level: config.LOG_LEVEL });

await requireReachable("Postgres", config.DATABASE_URL, async () => {
  if (await ensureDatabase(config.DATABASE_URL)) {
    logger.info({ database: redactUrl(config.DATABASE_URL) }, "created database");
  }
});
const db = createDb({ url: config.DATABASE_URL, poolSize: 1, applicationName: "dispatcher-migrate" });
try {
  const { results } = await migrateToLatest(db);
  for (const r of results ?? []) logger.info({ migration: r.migrationName, status: r.status }, "migration");
  logger.info({ applied: results?.length ?? 0 }, "schema is up to date");
} catch (error) {
  logger.error({ err: error }, "migration failed");
  process.exitCode = 1;
} finally {
  await db.destroy();
}
