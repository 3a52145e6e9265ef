import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types.
//
// Privacy: a message's recipient and content can be erased once it is final (sent, failed,
// expired, cancelled), keeping everything else; `erased_at` says when. `recipient_hash` is a keyed
// hash of the recipient (HMAC-SHA256 with a key only the API holds), which finds a number's
// messages before and after erasure without keeping the number.
//
// Run on a large table, this holds an exclusive lock on messages while its two indexes are built
// and its constraint is checked (one transaction): plan it as a short write outage.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table messages
              add column recipient_hash text,
              add column erased_at timestamptz,
              alter column recipient drop not null,
              alter column content drop not null`.execute(db);
  // Recipient and content are null exactly when the message is erased, and only a final message
  // is: an erased `failed` message can never be retried.
  await sql`alter table messages add constraint messages_erased
              check (case when erased_at is null then recipient is not null and content is not null
                          else recipient is null and content is null
                               and status in ('sent', 'failed', 'expired', 'cancelled') end)`.execute(db);
  await sql`alter table messages add constraint messages_recipient_hash_hex
              check (recipient_hash ~ '^[0-9a-f]{64}$')`.execute(db);
  // GET /api/v1/messages?to=: a number's messages, newest first.
  await sql`create index messages_recipient_hash_idx on messages (recipient_hash, id desc)
            where recipient_hash is not null`.execute(db);
  // The erasure pass: final messages not erased yet, by their last change.
  await sql`create index messages_erasable_idx on messages (updated_at)
            where erased_at is null and status in ('sent', 'failed', 'expired', 'cancelled')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index messages_erasable_idx`.execute(db);
  await sql`drop index messages_recipient_hash_idx`.execute(db);
  await sql`alter table messages drop constraint messages_recipient_hash_hex,
                                 drop constraint messages_erased`.execute(db);
  // Erased rows cannot get their recipient and content back: down fails while any exists.
  await sql`alter table messages
              alter column recipient set not null,
              alter column content set not null,
              drop column erased_at,
              drop column recipient_hash`.execute(db);
}
