import type { Kysely } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // Who made the last start or stop that clears provider pauses: the audit names them even when
  // the reconcile loop, not their own request, is the one that clears a pause raced with it.
  await db.schema.alterTable("dispatcher_state").addColumn("provider_pause_cleared_by", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("dispatcher_state").dropColumn("provider_pause_cleared_by").execute();
}
