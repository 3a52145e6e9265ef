import type { ReceiptStatus } from "@dispatcher/core";
import { sql } from "kysely";
import type { Db, DeliveryReceipt } from "./database.js";
import { storableProviderMessageId } from "./message-repository.js";
import { storableText } from "./storable-text.js";

/** A delivery receipt as the provider sent it. */
export interface ReceiptToStore {
  providerMessageId: string;
  /** The Idempotency-Key the message was sent with (a UUID), when the provider echoes it. */
  reference?: string | null;
  status: ReceiptStatus;
  /** The provider's time of the status. */
  at: Date;
  errorCode?: string | null;
  /** The provider it came from, when its endpoint says; null or absent: any provider's message. */
  provider?: string | null;
}

/**
 * Stores a receipt once: the same provider id, status and time again is a duplicate and stores
 * nothing. The provider id goes through the same storableText as markSent's, so the two match
 * whatever the provider sends. Returns the new receipt's id, or undefined for a duplicate.
 */
export async function recordReceipt(db: Db, receipt: ReceiptToStore): Promise<number | undefined> {
  const row = await db
    .insertInto("deliveryReceipts")
    .values({
      providerMessageId: storableProviderMessageId(receipt.providerMessageId)!,
      reference: receipt.reference ?? null,
      status: receipt.status,
      at: receipt.at,
      errorCode: receipt.errorCode == null ? null : storableText(receipt.errorCode, 64),
      provider: receipt.provider ?? null,
    })
    .onConflict((oc) => oc.constraint("delivery_receipts_once").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

/** What applying a waiting receipt did. */
export interface AppliedReceipt {
  receiptId: number;
  messageId: number;
  status: ReceiptStatus;
  /** False when the message already had a status of a later (or the same) provider time. */
  changed: boolean;
}

/** How long a receipt that matches no sent message is looked for again before it is left unmatched. */
export const RECEIPT_WAIT_MS = 86_400_000;
/** A receipt's looks for its message: the first again after `firstMs`, each later one twice as late, at most `maxMs`. */
export const RECEIPT_PROBES = { firstMs: 5_000, maxMs: 3_600_000 } as const;

/**
 * Applies waiting receipts whose message is recorded `sent`: `ids`, or else up to `limit` whose
 * next look is due. A receipt matches by the echoed Idempotency-Key, else by the provider's id (so
 * one for an attempt whose answer was lost still finds its message), and applies to one message
 * only; one that matches nothing yet is looked at again later, each time twice as late
 * (RECEIPT_PROBES), until `maxAgeMs` (default RECEIPT_WAIT_MS) after it came, and then never. Per message, the latest
 * provider time wins, and only over a status of an earlier time: a final status is never
 * overwritten by an earlier one, whatever order receipts come in. `delivered_at` is the time of a
 * `delivered` status in force, else null. Concurrent callers never take the same receipt (SKIP
 * LOCKED) and lock messages in id order, so two receipts of one message are serialised.
 */
export async function applyWaitingReceipts(
  db: Db,
  options: { ids?: number[]; limit: number; maxAgeMs?: number },
): Promise<{ applied: AppliedReceipt[]; callbackIds: number[] }> {
  const which = options.ids ? sql`r.id = any(${options.ids}::bigint[])` : sql`r.next_probe_at <= now()`;
  const window = sql`${options.maxAgeMs ?? RECEIPT_WAIT_MS}::double precision * interval '1 millisecond'`;
  const result = await sql<AppliedReceipt & { callbackIds: number[] }>`
    with due as (
      select r.id from delivery_receipts r
       where r.applied_at is null and ${which}
       order by r.next_probe_at
       limit ${options.limit}
         for update skip locked
    ), waiting as (
      select r.id, r.status, r.at, m.id as message_id
        from delivery_receipts r
        join due on due.id = r.id
        cross join lateral (
          select m.id from messages m
           where (m.idempotency_key = r.reference or m.provider_message_id = r.provider_message_id)
             and (r.provider is null or m.provider = r.provider)
             and m.status = 'sent'
           order by (m.idempotency_key = r.reference) desc nulls last, m.id
           limit 1) m
       where r.received_at + ${window} > now()
    ), unmatched as (
      -- Looked at again later, never past the end of its window; after it, never again.
      update delivery_receipts r
         set probes = r.probes + 1,
             next_probe_at = case
               when r.received_at + ${window} <= now() then 'infinity'
               else least(now() + least(${RECEIPT_PROBES.firstMs}::double precision * 2 ^ r.probes,
                                        ${RECEIPT_PROBES.maxMs}) * interval '1 millisecond',
                          r.received_at + ${window}) end
        from due
       where r.id = due.id and r.id not in (select id from waiting)
    ), latest as (
      select distinct on (message_id) id, message_id, status, at
        from waiting
       order by message_id, at desc, id desc
    ), locked as (
      select m.id from messages m join latest l on l.message_id = m.id order by m.id for update of m
    ), changed as (
      update messages m
         set delivery_status = l.status, delivery_status_at = l.at, updated_at = now(),
             delivered_at = case when l.status = 'delivered' then l.at end
        from latest l
       where m.id = l.message_id and m.id in (select id from locked)
         and (m.delivery_status_at is null or m.delivery_status_at < l.at)
      returning m.id, m.callback_url, m.delivery_status, m.delivery_status_at
    ), noted as (
      ${noteCallbacksOf(sql`changed`)}
    ), applied as (
      update delivery_receipts r
         set applied_at = now(), message_id = w.message_id
        from waiting w
        left join latest l on l.id = w.id
        left join changed c on c.id = l.message_id
       where r.id = w.id
      returning r.id as "receiptId", r.message_id as "messageId", r.status, (c.id is not null) as changed
    )
    select a.*, (select coalesce(array_agg(id), '{}') from noted) as "callbackIds" from applied a`.execute(
    db,
  );
  return {
    applied: result.rows.map(({ callbackIds: _, ...row }) => row),
    callbackIds: result.rows[0]?.callbackIds ?? [],
  };
}

/** How far past the timeout a message without a receipt is still marked unknown (see markDeliveryUnknown). */
export const UNKNOWN_WINDOW_MS = 86_400_000;

/** Which sent messages wait for a receipt, and how long, before their delivery status is unknown. */
export interface ReceiptPolicy {
  /** How long a sent message waits for a receipt, in ms. */
  timeoutMs: number;
  /** Only these providers' messages (the ones that send receipts); absent or null: every provider's. */
  providers?: readonly string[] | null;
}

/**
 * Marks up to `limit` messages sent more than `policy.timeoutMs` ago with no receipt as
 * `unknown`, oldest first; returns their ids and the status callbacks noted. Only messages whose
 * timeout passed within UNKNOWN_WINDOW_MS: those sent long before (before receipts were turned on,
 * say) keep a null delivery status rather than turning unknown all at once. A receipt that comes
 * later still applies (see applyWaitingReceipts).
 */
export async function markDeliveryUnknown(
  db: Db,
  policy: ReceiptPolicy,
  limit: number,
): Promise<{ ids: number[]; callbackIds: number[] }> {
  const afterMs = policy.timeoutMs;
  const ofProviders = policy.providers ? sql`and provider = any(${policy.providers}::text[])` : sql``;
  const result = await sql<{ id: number; callbackIds: number[] }>`
    with changed as (
      update messages set delivery_status = 'unknown', updated_at = now()
       where id = any(array(
               select id from messages
                where status = 'sent' and delivery_status is null
                  and sent_at < now() - ${afterMs}::double precision * interval '1 millisecond'
                  and sent_at >= now() - ${afterMs + UNKNOWN_WINDOW_MS}::double precision * interval '1 millisecond'
                  ${ofProviders}
                order by sent_at
                limit ${limit}
                  for update skip locked))
         and delivery_status is null
      returning id, callback_url, delivery_status, delivery_status_at
    ), noted as (
      ${noteCallbacksOf(sql`changed`)}
    )
    select c.id, (select coalesce(array_agg(id), '{}') from noted) as "callbackIds" from changed c`.execute(
    db,
  );
  return { ids: result.rows.map((r) => r.id), callbackIds: result.rows[0]?.callbackIds ?? [] };
}

/**
 * The insert of the status callbacks owed for `changed` (rows of messages whose delivery status
 * just changed: id, callback_url, delivery_status, delivery_status_at), in the statement that
 * changed them, so a change and its callback are stored together: at most one per message and
 * status, returning the new callbacks' ids.
 */
function noteCallbacksOf(changed: ReturnType<typeof sql>) {
  return sql`insert into status_callbacks (message_id, status, at)
             select id, delivery_status, coalesce(delivery_status_at, now()) from ${changed}
              where callback_url is not null
             on conflict on constraint status_callbacks_once do nothing
             returning id`;
}

/** The receipts matched to message `id`, by the provider's time. */
export async function listReceipts(db: Db, id: number): Promise<DeliveryReceipt[]> {
  return db
    .selectFrom("deliveryReceipts")
    .selectAll()
    .where("messageId", "=", id)
    .orderBy("at")
    .orderBy("id")
    .execute();
}

/**
 * Stores the receipt policy of the API that takes receipts, or null with receipts off; each API
 * stores its own at start (after seedDispatcherState), so run them all with the same settings.
 */
export async function setReceiptPolicy(db: Db, policy: ReceiptPolicy | null): Promise<void> {
  await db
    .updateTable("dispatcherState")
    .set({
      receiptTimeoutMs: policy?.timeoutMs ?? null,
      receiptProviders: policy?.providers ? [...policy.providers] : null,
    })
    .execute();
}

/** The stored receipt policy: null with receipts off, or before an API first started. */
export async function getReceiptPolicy(db: Db): Promise<ReceiptPolicy | null> {
  const row = await db
    .selectFrom("dispatcherState")
    .select(["receiptTimeoutMs", "receiptProviders"])
    .executeTakeFirst();
  return row?.receiptTimeoutMs ? { timeoutMs: row.receiptTimeoutMs, providers: row.receiptProviders } : null;
}
