import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // One row per Idempotency-Key a client sent with an intake request, scoped by the API key's
  // name: what the request was (a hash of its body) and the messages it stored. The primary key
  // decides between concurrent requests with one key.
  await db.schema
    .createTable("intake_keys")
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("request_hash", "text", (c) => c.notNull())
    .addColumn("message_ids", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("intake_keys_pkey", ["scope", "key"])
    .addCheckConstraint("intake_keys_key_length", sql`length(key) between 1 and 255`)
    .execute();
  // Expired keys are deleted oldest first, a bounded number at a time.
  await db.schema.createIndex("intake_keys_created_at_idx").on("intake_keys").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("intake_keys").execute();
}
