import type { BackoffStrategy } from "bullmq";
import { ProviderError } from "./provider-error.js";

/**
 * The send queue's retry delay: the provider's Retry-After when it sent one, else exponential
 * from the job's `backoff.delay` (delay, 2×, 4×, …), capped at `maxMs`, with up to 10% jitter so
 * many messages that failed together do not retry in lockstep.
 */
export function createSendBackoff(maxMs = 10 * 60_000): BackoffStrategy {
  return (attemptsMade, _type, error, job) => {
    if (error instanceof ProviderError && error.retryAfterMs !== undefined) {
      return Math.min(error.retryAfterMs, maxMs);
    }
    const backoff = job?.opts.backoff;
    const base = typeof backoff === "object" && backoff.delay ? backoff.delay : 1_000;
    const delay = Math.min(base * 2 ** Math.max(0, attemptsMade - 1), maxMs);
    return Math.round(delay * (1 + Math.random() * 0.1));
  };
}
