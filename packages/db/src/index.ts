export * from "./database.js";
export { createDb } from "./create-db.js";
export { dropDatabase, ensureDatabase } from "./ensure-database.js";
export { migrateToLatest } from "./migrate.js";
export { pingPostgres } from "./postgres-health.js";
export * from "./message-repository.js";
export * from "./dispatcher-repository.js";
export { type Kysely, sql } from "kysely";
