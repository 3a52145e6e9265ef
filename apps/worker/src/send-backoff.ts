import type { BackoffStrategy } from "bullmq";

/** A retryable send error whose next attempt must wait `delayMs` (the provider's bounded Retry-After). */
export class RetryAfterError extends Error {
  override readonly name = "RetryAfterError";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/**
 * The send queue's retry delay: `delayMs` of a RetryAfterError, else exponential from the job's
 * `backoff.delay` (delay, 2×, 4×, …), capped at `maxMs`, with up to 10% jitter so many messages
 * that failed together do not retry in lockstep.
 */
export function createSendBackoff(maxMs = 10 * 60_000): BackoffStrategy {
  return (attemptsMade, _type, error, job) => {
    if (error instanceof RetryAfterError) return error.delayMs;
    const backoff = job?.opts.backoff;
    const base = typeof backoff === "object" && backoff.delay ? backoff.delay : 1_000;
    const delay = Math.min(base * 2 ** Math.max(0, attemptsMade - 1), maxMs);
    return Math.round(delay * (1 + Math.random() * 0.1));
  };
}
