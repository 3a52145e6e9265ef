/**
 * A message's statuses, in the order of its life: `pending` (stored, waiting for a tick) →
 * `queued` (claimed by a tick, its send job enqueued) → `sending` (an attempt has started) →
 * `sent` | `failed` (final; only a manual retry moves `failed` back to `pending`). `cancelled`:
 * an operator withdrew it while `pending`; `expired`: its `expiresAt` passed before it was sent.
 * Both final. `unconfirmed`: the provider may have sent it, and cannot tell (an unclear answer
 * from a provider that neither deduplicates nor lets a message be found again); final unless an
 * operator retries it, accepting that it may arrive twice. The messages table's CHECK constraint
 * holds the same list (a test compares them).
 */
export const MESSAGE_STATUSES = [
  "pending",
  "queued",
  "sending",
  "sent",
  "failed",
  "cancelled",
  "expired",
  "unconfirmed",
] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Statuses a message is still on its way in: the backlog. */
export const UNFINISHED_STATUSES = [
  "pending",
  "queued",
  "sending",
] as const satisfies readonly MessageStatus[];

/**
 * The final statuses whose messages have their recipient and content erased after their retention
 * (RETENTION_DAYS). Not `unconfirmed`, which waits for an operator's decision, possibly a retry.
 * The messages table's `messages_erased` CHECK constraint and `messages_erasable_idx` hold the
 * same list (a test compares them).
 */
export const ERASABLE_STATUSES = [
  "sent",
  "failed",
  "expired",
  "cancelled",
] as const satisfies readonly MessageStatus[];

/**
 * The final statuses a provider's delivery receipt reports. The delivery_receipts table's CHECK
 * constraint holds the same list.
 */
export const RECEIPT_STATUSES = ["delivered", "failed", "undelivered", "expired"] as const;

export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/**
 * A sent message's delivery status: the latest receipt's (by the provider's time), or `unknown`
 * when none came within RECEIPT_TIMEOUT_MS of its sending. Null until then.
 */
export type DeliveryStatus = ReceiptStatus | "unknown";
