import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // The suppression list: numbers no message may be sent to. Intake refuses them; a worker fails
  // a message to one without a provider call.
  await db.schema
    .createTable("opt_outs")
    .addColumn("recipient", "text", (c) => c.primaryKey())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("opt_outs_source", sql`source in ('operator', 'provider')`)
    .addCheckConstraint("opt_outs_reason_length", sql`char_length(reason) <= 1000`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("opt_outs").execute();
}
