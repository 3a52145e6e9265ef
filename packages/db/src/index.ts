export { type Kysely, sql } from "kysely";
export { createDb } from "./create-db.js";
export * from "./database.js";
export * from "./dispatcher-repository.js";
export { dropDatabase, ensureDatabase } from "./ensure-database.js";
export * from "./message-repository.js";
export { migrateToLatest } from "./migrate.js";
export { pingPostgres } from "./postgres-health.js";
export { ERROR_TEXT_MAX_LENGTH, PROVIDER_MESSAGE_ID_MAX_LENGTH, storableText } from "./storable-text.js";
