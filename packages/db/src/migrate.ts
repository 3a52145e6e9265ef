// Migrations take Kysely<any> on purpose: they are frozen in time and never see app types.
import type { Kysely } from "kysely";
import { type MigrationResultSet, Migrator } from "kysely/migration";
import { migrations } from "./migrations/index.js";

/**
 * Brings the schema to the latest migration. Safe to run from several processes at once
 * (Kysely takes an advisory lock). Throws the first migration error.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
