/** The queue whose job scheduler produces one tick every dispatch interval. */
export const TICK_QUEUE = "dispatch-tick";
/** The id of the job scheduler in TICK_QUEUE. There is exactly one. */
export const TICK_SCHEDULER_ID = "dispatch-tick";
/** One job per message to send. */
export const SEND_QUEUE = "send-message";
/** One job per status callback owed to a client (see status_callbacks). */
export const CALLBACK_QUEUE = "status-callback";
/**
 * Wake-ups of the lanes that send on arrival: intake adds one job per request that stored due
 * messages in such a lane, and a worker claims them at once (see claimArrivals in @dispatcher/db).
 */
export const ARRIVAL_QUEUE = "lane-arrival";
/** The workers' housekeeping passes (expiry, the receipt sweep, purges), one job scheduler each. */
export const HOUSEKEEPING_QUEUE = "housekeeping";

/** A tick carries no data: its batch size is read from the stored dispatcher state when it runs. */
export type TickJobData = Record<string, never>;

export interface TickJobResult {
  /** False when the stored state says stopped, or it was no lane's turn; nothing was claimed. */
  ran: boolean;
  claimed: number;
  /** Claimed messages whose job was gone and was enqueued again. */
  requeued: number;
  /** When the claim committed (Postgres's clock, ISO 8601); absent when the tick did not run. */
  claimedAt?: string;
  /** The lanes whose turn it took (see claimTick); absent when the tick did not run. */
  lanes?: string[];
}

/** A wake-up of one arrival lane: claim its due pending messages, within its budget. */
export interface ArrivalJobData {
  lane: string;
}

export interface ArrivalJobResult {
  /** Messages claimed (0 when the dispatcher is stopped or the lane's budget or room is spent). */
  claimed: number;
}

export interface SendJobData {
  /** The message's id in Postgres. */
  messageId: number;
  /**
   * The content limit in force when the tick claimed it (the stored `messageMaxLength`), so the
   * worker enforces the limit the API does.
   */
  maxLength: number;
  /**
   * The W3C traceparent of the message's claim span (tracing on), so each attempt joins the
   * message's trace (see claimSpan in @dispatcher/telemetry). Absent with tracing off.
   */
  traceparent?: string;
  /**
   * The throughput slot reserved for attempt `attempt` at `provider`, beginning at `at` (epoch
   * ms), before the job was delayed until then (see reserveThroughput): that attempt sends
   * without taking another slot. `inLine`: not a slot but a place in line for one, estimated to
   * begin at `at`, which the attempt keeps when it asks again.
   */
  slot?: { provider: string; attempt: number; at: number; inLine?: true };
}

export type SendJobResult =
  | { outcome: "sent"; provider: string; providerMessageId: string | null; sentAt: string }
  | { outcome: "skipped"; reason: string }
  | { outcome: "expired"; reason: string };

/**
 * The send job's id for a message: `msg-<id>`. BullMQ keeps one job per id, so enqueuing a
 * message twice while its job exists adds nothing.
 */
export function sendJobId(messageId: number): string {
  return `msg-${messageId}`;
}

/** A status callback job: which row of status_callbacks to deliver. */
export interface CallbackJobData {
  callbackId: number;
}

/** The callback job's id: `cb-<id>`, so noting a callback twice enqueues it once. */
export function callbackJobId(callbackId: number): string {
  return `cb-${callbackId}`;
}

/**
 * How a status callback is retried: up to 12 tries, 1 s after the first failure and doubling,
 * about an hour in all. Failures never touch sending: the queue is a separate one.
 */
export const CALLBACK_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: "exponential", delay: 1_000 },
} as const;
