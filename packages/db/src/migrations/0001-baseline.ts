import { type Kysely, sql } from "kysely";

// Frozen: this migration must never import application types. It is the schema as first
// released; from then on migrations are append-only (a new file for every change: see
// CONTRIBUTING.md).

export async function up(db: Kysely<any>): Promise<void> {
  // Lanes: each has its own pace (batch_size every interval_ms, oldest first) and turn
  // (last_tick_at); `ahead` lanes' send jobs go to the head of the send queue. A lane is a row:
  // adding one is configuration (LANES), not code. The two every deployment has:
  await sql`
    create table lanes (
      name text primary key,
      interval_ms integer not null,
      batch_size integer not null,
      ahead boolean not null default false,
      last_tick_at timestamptz,
      updated_at timestamptz not null default now(),
      updated_by text not null default 'system',
      constraint lanes_name check (name ~ '^[a-z][a-z0-9-]{0,31}$'),
      constraint lanes_interval check (interval_ms between 1000 and 86400000),
      constraint lanes_batch check (batch_size between 1 and 10000)
    )`.execute(db);
  await sql`insert into lanes (name, interval_ms, batch_size, ahead)
            values ('transactional', 10000, 5, true), ('bulk', 120000, 2, false)`.execute(db);

  await sql`
    create table messages (
      id bigint generated always as identity primary key,
      recipient text not null,
      content text not null,
      status text not null default 'pending',
      priority text not null default 'bulk' references lanes (name),
      encoding text,
      segments smallint,
      send_at timestamptz,
      expires_at timestamptz,
      callback_url text,
      trace_context text,
      idempotency_key uuid not null default gen_random_uuid() unique,
      attempts integer not null default 0,
      rate_limited integer not null default 0,
      last_error text,
      attempt_errors jsonb not null default '[]',
      provider text,
      provider_refused_attempt integer default 0,
      provider_free boolean not null default true,
      provider_message_id text,
      delivery_status text,
      delivery_status_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      queued_at timestamptz,
      sent_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint messages_recipient_e164 check (recipient ~ '^\\+[1-9][0-9]{6,14}$'),
      constraint messages_content_length check (char_length(content) between 1 and 1600),
      constraint messages_status_known
        check (status in ('pending', 'queued', 'sending', 'sent', 'failed', 'cancelled', 'expired', 'unconfirmed')),
      constraint messages_sent_has_time check (status <> 'sent' or sent_at is not null),
      constraint messages_attempts_non_negative check (attempts >= 0),
      constraint messages_rate_limited_range check (rate_limited >= 0 and rate_limited <= attempts),
      constraint messages_encoding_known check (encoding in ('GSM-7', 'UCS-2')),
      constraint messages_segments_positive check (segments > 0),
      constraint messages_expires_after_send check (expires_at is null or send_at is null or expires_at > send_at),
      constraint messages_callback_url_length check (callback_url is null or char_length(callback_url) <= 2048),
      constraint messages_delivery_status_known
        check (delivery_status in ('delivered', 'failed', 'undelivered', 'expired', 'unknown'))
    )`.execute(db);
  // The claim: one range scan per lane of its due pending messages, oldest first.
  await sql`create index messages_lane_due_idx on messages (priority, coalesce(send_at, created_at), id)
            where status = 'pending'`.execute(db);
  await sql`create index messages_status_idx on messages (status, id desc)`.execute(db);
  await sql`create index messages_sent_idx on messages (sent_at desc, id desc) where status = 'sent'`.execute(
    db,
  );
  // The orphan sweep: claimed messages untouched longest.
  await sql`create index messages_claimed_idx on messages (updated_at) where status in ('queued', 'sending')`.execute(
    db,
  );
  await sql`create index messages_expiring_idx on messages (expires_at)
            where status = 'pending' and expires_at is not null`.execute(db);
  // Cancelling a recipient's pending messages, oldest first.
  await sql`create index messages_pending_recipient_idx on messages (recipient, created_at, id)
            where status = 'pending'`.execute(db);
  await sql`create index messages_provider_message_id_idx on messages (provider_message_id)
            where provider_message_id is not null`.execute(db);
  await sql`create index messages_awaiting_receipt_idx on messages (sent_at)
            where status = 'sent' and delivery_status is null`.execute(db);
  await sql`create index messages_delivery_status_idx on messages (delivery_status, id desc)
            where delivery_status is not null`.execute(db);

  // The desired state (one row): running or stopped, the content limit, and what the last
  // operator start or stop cleared. `version` is bumped by every stored change (convergence).
  // The receipt policy is the API's (which takes receipts), read by the workers' receipt sweep:
  // how long a sent message waits for a receipt before it is unknown (null: receipts off), and
  // the providers whose messages do (null: every provider's).
  await sql`
    create table dispatcher_state (
      id smallint primary key default 1,
      running boolean not null,
      message_max_length integer not null,
      version bigint not null default 1,
      provider_pause_cleared_at timestamptz,
      provider_pause_cleared_by text,
      receipt_timeout_ms integer,
      receipt_providers text[],
      updated_at timestamptz not null default now(),
      updated_by text not null,
      constraint dispatcher_state_single_row check (id = 1),
      constraint dispatcher_state_message_max_length check (message_max_length between 1 and 1600),
      constraint dispatcher_state_receipt_timeout check (receipt_timeout_ms > 0)
    )`.execute(db);

  await sql`
    create table dispatcher_events (
      id bigint generated always as identity primary key,
      kind text not null,
      actor text not null,
      details jsonb not null default '{}',
      created_at timestamptz not null default now(),
      constraint dispatcher_events_kind
        check (kind in ('start', 'stop', 'config', 'provider-pause-cleared', 'cancel', 'retry', 'provider'))
    )`.execute(db);
  await sql`create index dispatcher_events_newest_idx on dispatcher_events (id desc)`.execute(db);

  // An intake request's Idempotency-Key, per API key name, remembered until expires_at.
  await sql`
    create table intake_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      message_ids jsonb not null default '[]',
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (scope, key),
      constraint intake_keys_key_length check (length(key) between 1 and 255)
    )`.execute(db);
  await sql`create index intake_keys_expires_at_idx on intake_keys (expires_at)`.execute(db);

  await sql`
    create table opt_outs (
      recipient text primary key,
      reason text not null,
      source text not null,
      actor text not null,
      created_at timestamptz not null default now(),
      constraint opt_outs_source check (source in ('operator', 'provider')),
      constraint opt_outs_reason_length check (char_length(reason) <= 1000)
    )`.execute(db);

  await sql`
    create table delivery_receipts (
      id bigint generated always as identity primary key,
      provider_message_id text not null,
      reference uuid,
      provider text,
      status text not null,
      at timestamptz not null,
      error_code text,
      received_at timestamptz not null default now(),
      message_id bigint,
      applied_at timestamptz,
      probes integer not null default 0,
      next_probe_at timestamptz not null default now(),
      constraint delivery_receipts_status_known check (status in ('delivered', 'failed', 'undelivered', 'expired')),
      constraint delivery_receipts_once unique (provider_message_id, status, at)
    )`.execute(db);
  // Receipts not matched yet, by when the sweep looks for their message again (see
  // applyWaitingReceipts: each look waits twice as long as the last, up to an hour).
  await sql`create index delivery_receipts_waiting_idx on delivery_receipts (next_probe_at)
            where applied_at is null`.execute(db);
  // A send recorded brings forward the next look of receipts that came before it, by its key.
  await sql`create index delivery_receipts_waiting_reference_idx on delivery_receipts (reference)
            where applied_at is null`.execute(db);
  await sql`create index delivery_receipts_message_idx on delivery_receipts (message_id, at)
            where message_id is not null`.execute(db);

  await sql`
    create table status_callbacks (
      id bigint generated always as identity primary key,
      message_id bigint not null,
      status text not null,
      at timestamptz not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      last_error text,
      delivered_at timestamptz,
      gave_up_at timestamptz,
      constraint status_callbacks_once unique (message_id, status)
    )`.execute(db);
  await sql`create index status_callbacks_open_idx on status_callbacks (created_at)
            where delivered_at is null and gave_up_at is null`.execute(db);

  // Each provider's routing (credentials stay in the environment).
  await sql`
    create table providers (
      name text primary key,
      kind text not null,
      countries text[] not null default '{}',
      weight integer not null default 1,
      max_per_second double precision not null default 0,
      burst integer not null default 0,
      updated_at timestamptz not null default now(),
      updated_by text not null default 'system',
      constraint providers_name check (name ~ '^[a-z][a-z0-9-]{0,31}$'),
      constraint providers_weight check (weight between 0 and 1000),
      constraint providers_max_per_second check (max_per_second between 0 and 100000),
      constraint providers_burst check (burst between 0 and 1000000)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "providers",
    "status_callbacks",
    "delivery_receipts",
    "opt_outs",
    "intake_keys",
    "dispatcher_events",
    "dispatcher_state",
    "messages",
    "lanes",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
