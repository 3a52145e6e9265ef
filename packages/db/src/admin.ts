/**
 * @dispatcher/db/admin: creating, migrating and dropping the database, for `pnpm migrate`, the
 * test suites and the benchmark; the running apps never need these.
 */
export { dropDatabase, ensureDatabase } from "./ensure-database.js";
export { migrateToLatest } from "./migrate.js";
