import type { DispatcherQueues } from "./dispatcher-queues.js";
import { SEND_QUEUE_LIMITER } from "./send-job-options.js";

/**
 * A provider pause: every worker holds back new sends (BullMQ's queue rate limit on the send
 * queue) because the provider answered 429. `setAt` is when the provider asked for it; null for
 * a pause set by other means (Bull Board's rate-limit action, say).
 */
export interface ProviderPause {
  setAt: Date | null;
  remainingMs: number;
}

/** Where the time a provider asked for the current pause is kept, beside BullMQ's limiter key. */
function recordKey(queues: DispatcherQueues): string {
  return queues.send.toKey("provider-pause");
}

/**
 * Pauses new sends on every worker for `ms` (a positive whole number; the caller bounds it, see
 * providerPauseMs), noting that the provider asked at `setAt`. The note is written first, so a
 * convergence never sees the pause without it.
 */
export async function pauseSending(queues: DispatcherQueues, ms: number, setAt: Date): Promise<void> {
  await queues.redis.set(recordKey(queues), setAt.toISOString(), "PX", ms);
  await queues.send.rateLimit(ms);
}

/** The current provider pause, or undefined when sends are not paused by one. */
export async function readProviderPause(queues: DispatcherQueues): Promise<ProviderPause | undefined> {
  const [remainingMs, setAt] = await Promise.all([
    // Past the limiter's max: a pause, not the limiter's own count of this second's jobs.
    queues.send.getRateLimitTtl(SEND_QUEUE_LIMITER.max),
    queues.redis.get(recordKey(queues)),
  ]);
  if (!(remainingMs > 0)) return undefined;
  const at = setAt === null ? null : new Date(setAt);
  return { setAt: at && !Number.isNaN(at.getTime()) ? at : null, remainingMs };
}

/**
 * Ends any provider pause at once; workers waiting it out start sending again within their
 * `maximumRateLimitDelay`. Returns what was left of it in milliseconds (0 when there was none).
 */
export async function clearProviderPause(queues: DispatcherQueues): Promise<number> {
  const pause = await readProviderPause(queues);
  await queues.send.removeRateLimitKey();
  await queues.redis.del(recordKey(queues));
  return pause?.remainingMs ?? 0;
}
