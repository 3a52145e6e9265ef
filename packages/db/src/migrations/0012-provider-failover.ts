import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // The provider of a message's latest attempt, written before its request is made; once sent,
  // the provider that accepted it. Null: no attempt since this column exists (the primary, the
  // only provider before it, had every earlier attempt).
  await db.schema.alterTable("messages").addColumn("provider", "text").execute();
  // The attempt (its number in the round) a provider definitely refused: nothing reached it, so
  // the next attempt may go to another provider. Any other attempt binds the message to its
  // provider for good. 0 on a message not yet attempted, so its first attempt may go anywhere.
  await db.schema
    .alterTable("messages")
    .addColumn("provider_refused_attempt", "integer", (c) => c.defaultTo(0))
    .execute();
  // Whether the current attempt was free to go to any provider: true until an attempt ends any
  // other way than a definite refusal, then false for good (the message may be at that provider).
  await db.schema
    .alterTable("messages")
    .addColumn("provider_free", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();
  // A message attempted before (in this round or an earlier one) that may be attempted again is
  // bound to the primary, which had every earlier attempt.
  await sql`update messages set provider_free = false
             where status in ('pending', 'queued', 'sending', 'failed')
               and (attempts > 0 or jsonb_array_length(attempt_errors) > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("provider_free").execute();
  await db.schema.alterTable("messages").dropColumn("provider_refused_attempt").execute();
  await db.schema.alterTable("messages").dropColumn("provider").execute();
}
