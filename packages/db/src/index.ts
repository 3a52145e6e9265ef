export { type Kysely, sql } from "kysely";
export { createDb } from "./create-db.js";
export * from "./database.js";
export * from "./dispatcher-repository.js";
export { dropDatabase, ensureDatabase } from "./ensure-database.js";
export * from "./message-repository.js";
export { type MessageInputError, validateMessageInput } from "./message-validation.js";
export { migrateToLatest } from "./migrate.js";
export { pingPostgres } from "./postgres-health.js";
