import type { Kysely } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // The W3C traceparent of the request that stored the message (null with tracing off), so the
  // tick that claims it, minutes later, adds its spans to the same trace.
  await db.schema.alterTable("messages").addColumn("trace_context", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("trace_context").execute();
}
