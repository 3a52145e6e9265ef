import type { JobsOptions } from "bullmq";

/**
 * The send jobs' backoff type. BullMQ hands any type but its built-in `fixed` and `exponential`
 * to the worker's own `backoffStrategy` (createSendBackoff), so the name only marks it as custom
 * (as BullMQ's docs spell it); the strategy never reads it.
 */
export const SEND_BACKOFF_TYPE = "custom";

/**
 * Options for each send job: `attempts` tries in all, retried with the send worker's backoff
 * (exponential from `backoffMs`, or the provider's Retry-After when it gave one).
 */
export function sendJobOptions(options: { attempts: number; backoffMs: number }): JobsOptions {
  return { attempts: options.attempts, backoff: { type: SEND_BACKOFF_TYPE, delay: options.backoffMs } };
}

/**
 * The send queue Worker's limiter. BullMQ honours a queue-wide pause (`queue.rateLimit`, how a
 * provider's 429 pauses every worker) only when a limiter is set; this one is far above any real
 * rate, so it never limits by itself. Its `max` also tells a pause (the limiter key set past it)
 * from the limiter's own per-second count.
 */
export const SEND_QUEUE_LIMITER = { max: 1_000_000, duration: 1_000 } as const;
