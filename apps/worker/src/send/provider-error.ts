/**
 * A failed provider call, classified:
 * - `retryable`: network errors, timeouts, 5xx, 408 and 429; retried with backoff.
 * - otherwise permanent (other 4xx and 3xx): the message fails at once.
 * `retryAfterMs` is the provider's Retry-After, when it sent one; `body` the answer's body as read
 * (its first MAX_BODY_BYTES), when there was an answer.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
    readonly body?: string,
  ) {
    super(message);
  }
}

/**
 * How the provider says a recipient opted out: an answer with `status` whose body contains
 * `code` (any body when `code` is empty). `status` 0 means it never says so.
 */
export interface OptOutAnswer {
  status: number;
  code: string;
}

/** Whether `error` is the provider's way of saying the recipient opted out (see OptOutAnswer). */
export function meansOptedOut(error: ProviderError, answer: OptOutAnswer): boolean {
  return answer.status !== 0 && error.status === answer.status && (error.body ?? "").includes(answer.code);
}

/** Whether an HTTP status is worth retrying: 408, 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unusable; never negative.
 */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
