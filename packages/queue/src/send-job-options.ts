import type { JobsOptions } from "bullmq";

/** The backoff type the send worker's `backoffStrategy` implements (see createSendBackoff). */
export const SEND_BACKOFF_TYPE = "provider";

/**
 * Options for each send job: `attempts` tries in all, retried with the send worker's backoff
 * (exponential from `backoffMs`, or the provider's Retry-After when it gave one).
 */
export function sendJobOptions(options: { attempts: number; backoffMs: number }): JobsOptions {
  return { attempts: options.attempts, backoff: { type: SEND_BACKOFF_TYPE, delay: options.backoffMs } };
}
