/** How one send attempt ended, as counted by `dispatcher_messages_total{outcome}`. */
export type SendOutcome = "sent" | "failed" | "retried" | "skipped" | "expired" | "unconfirmed";

/** Class of a provider answer: its HTTP status class, or `error` when no answer came (network error, timeout). */
export type ProviderStatusClass = "2xx" | "3xx" | "4xx" | "5xx" | "error";

/** Every send outcome, in a stable order (for pre-creating series at zero). */
export const SEND_OUTCOMES: readonly SendOutcome[] = [
  "sent",
  "failed",
  "retried",
  "skipped",
  "expired",
  "unconfirmed",
];

/** Every provider status class, in a stable order (for pre-creating series at zero). */
export const PROVIDER_STATUS_CLASSES: readonly ProviderStatusClass[] = ["2xx", "3xx", "4xx", "5xx", "error"];

/**
 * What the send processor reports. The calls are synchronous and must not throw: a metrics
 * problem must never fail a send.
 */
export interface SendMetrics {
  /** One call to `provider` (its `send` only) that ended with `statusClass` after `seconds`. */
  observeProviderCall: (provider: string, statusClass: ProviderStatusClass, seconds: number) => void;
  /**
   * One send attempt's outcome:
   * - `sent`: the provider accepted the message (2xx) and it is recorded sent in Postgres;
   * - `failed`: the message was failed for good (a permanent error, or the last attempt);
   * - `retried`: a retryable provider error; BullMQ tries again later;
   * - `skipped`: the message was no longer claimed, so no provider call was made;
   * - `expired`: its expiresAt passed before its request;
   * - `unconfirmed`: the provider may have sent it and cannot tell (see MESSAGE_STATUSES).
   * Errors outside the provider call (Postgres down, say) are retried by BullMQ and not counted.
   */
  countOutcome: (outcome: SendOutcome) => void;
  /** One 429 answer from `provider` (its rate limit: every worker pauses). */
  countRateLimited?: (provider: string) => void;
  /** One attempt delayed for a slot under `provider`'s throughput limit (no request made). */
  countThrottled?: (provider: string) => void;
}

/** SendMetrics that records nothing: the default when no metrics are wanted. */
export const noopSendMetrics: SendMetrics = {
  observeProviderCall: () => {},
  countOutcome: () => {},
};

/** The class of an HTTP status (`2xx` … `5xx`), or `error` when there was no status. */
export function providerStatusClass(status: number | undefined): ProviderStatusClass {
  if (status === undefined || status < 200 || status >= 600) return "error";
  return `${Math.floor(status / 100)}xx` as ProviderStatusClass;
}
