/**
 * A failed provider call, classified:
 * - `retryable`: network errors, timeouts, 5xx, 408 and 429; retried with backoff.
 * - otherwise permanent (other 4xx and 3xx): the message fails at once.
 * - `refused`: the provider definitely did not take the message (see isDefiniteRefusal), so its
 *   next attempt may go to another provider. Anything else (a timeout, a connection dropped after
 *   the request went out, a gateway's 502 or 504) may have been an acceptance.
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
    readonly refused = status !== undefined && isDefiniteRefusal(status),
  ) {
    super(message);
  }
}

/**
 * Whether a network error was raised before any byte of the request was sent: no connection was
 * made (refused, unreachable, no such host: an error of the `connect` or `getaddrinfo` call, or
 * undici's connect timeout; with several addresses, every one failed so). The provider cannot
 * have taken the message. The same codes on a connection already open (a kept-alive socket) may
 * come after the request was written, and do not count.
 */
export function madeNoRequest(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.every(madeNoRequest);
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (code === "UND_ERR_CONNECT_TIMEOUT") return true;
  return syscall === "connect" || syscall === "getaddrinfo";
}

/**
 * Whether an answer's status says the provider did not take the message: any non-2xx answer it
 * gave itself. A 502 or 504 comes from a gateway in front of it, which may have passed the
 * request on before failing: those may have been accepted.
 */
export function isDefiniteRefusal(status: number): boolean {
  return (status < 200 || status > 299) && status !== 502 && status !== 504;
}

/**
 * What a provider error says of the provider's health, for its circuit breaker: `failed` when it
 * did not answer or answered 5xx, `ok` when it answered otherwise (a 4xx is about the message),
 * none for a 429 (a rate limit is honoured by the pause, not by failing over).
 */
export function breakerOutcome(error: ProviderError): "ok" | "failed" | undefined {
  if (error.status === 429) return undefined;
  if (error.status === undefined || error.status >= 500) return "failed";
  return "ok";
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
