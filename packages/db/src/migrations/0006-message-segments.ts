import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.

export async function up(db: Kysely<any>): Promise<void> {
  // How the API counted the message at intake: its encoding and the SMS segments it takes.
  // Null for messages stored before this migration.
  await db.schema
    .alterTable("messages")
    .addColumn("encoding", "text")
    .addColumn("segments", "smallint")
    .execute();
  await sql`alter table messages add constraint messages_encoding_known
              check (encoding in ('GSM-7', 'UCS-2'))`.execute(db);
  await sql`alter table messages add constraint messages_segments_positive
              check (segments > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("messages").dropColumn("encoding").dropColumn("segments").execute();
}
