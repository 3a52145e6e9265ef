import type { DispatcherQueues } from "./dispatcher-queues.js";
import { SEND_QUEUE_LIMITER } from "./send-job-options.js";

/**
 * A provider pause: every worker holds back new sends (BullMQ's queue rate limit on the send
 * queue: its limiter key set past the limiter's max) because the provider answered 429.
 * `setAt` is when the provider asked for it, on Redis's clock; null for a pause set by other
 * means (Bull Board's rate-limit action, say). `record` is the stored note itself, for a clear
 * that must not remove a newer pause.
 */
export interface ProviderPause {
  setAt: Date | null;
  remainingMs: number;
  record: string | null;
}

/** Where the time a provider asked for the current pause is kept, beside BullMQ's limiter key. */
function keys(queues: DispatcherQueues): [limiter: string, record: string] {
  return [queues.send.keys.limiter!, queues.send.toKey("provider-pause")];
}

/** Redis's clock in epoch ms, from inside a script (the same clock for every process). */
const NOW_MS = "local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)";

// KEYS: limiter, record. ARGV: ms, ms since the provider answered, limiter max, pause value.
// Sets both keys together, and only ever extends a pause: a shorter ask while a longer pause
// holds changes nothing, so the last writer cannot cut a provider's pause short.
const PAUSE = `${NOW_MS}
local ms = tonumber(ARGV[1])
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if count >= tonumber(ARGV[3]) and redis.call('PTTL', KEYS[1]) >= ms then return 0 end
redis.call('SET', KEYS[1], ARGV[4], 'PX', ms)
redis.call('SET', KEYS[2], tostring(now - tonumber(ARGV[2])), 'PX', ms)
return 1`;

// KEYS: limiter, record. ARGV: limiter max. Returns {remaining ms or 0, record or false}, read
// together so a pause and its note are never seen half-expired.
const READ = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if count < tonumber(ARGV[1]) then return {0, false} end
return {redis.call('PTTL', KEYS[1]), redis.call('GET', KEYS[2])}`;

// KEYS: limiter, record. ARGV: limiter max, the record the caller read ('' for none).
// Clears the pause only if it is still the one the caller saw; returns the ms it had left, or 0.
const CLEAR = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if count < tonumber(ARGV[1]) then return 0 end
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
local left = redis.call('PTTL', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
if left < 0 then return 0 end
return left`;

/**
 * Pauses new sends on every worker for `ms` (a positive whole number; the caller bounds it, see
 * boundedWaitMs), noting that the provider answered `sinceMs` ago (measured on the caller's own
 * clock, so the note is on Redis's clock whatever the caller's says). A longer pause already in
 * force is kept. Both keys are written in one script.
 */
export async function pauseSending(queues: DispatcherQueues, ms: number, sinceMs = 0): Promise<void> {
  await queues.redis.eval(
    PAUSE,
    2,
    ...keys(queues),
    ms,
    Math.max(0, Math.round(sinceMs)),
    SEND_QUEUE_LIMITER.max,
    Number.MAX_SAFE_INTEGER,
  );
}

/** The current provider pause, or undefined when sends are not paused by one. */
export async function readProviderPause(queues: DispatcherQueues): Promise<ProviderPause | undefined> {
  const [remainingMs, record] = (await queues.redis.eval(
    READ,
    2,
    ...keys(queues),
    SEND_QUEUE_LIMITER.max,
  )) as [number, string | null];
  if (!(remainingMs > 0)) return undefined;
  const at = record ? new Date(Number(record)) : null;
  return { setAt: at && !Number.isNaN(at.getTime()) ? at : null, remainingMs, record: record ?? null };
}

/**
 * Ends the provider pause `seen` (as readProviderPause answered it) at once, unless it has been
 * replaced meanwhile (a newer 429), so a clear never removes a pause it did not see. Workers
 * waiting it out start sending again within their `maximumRateLimitDelay`. Returns what was left
 * of it in milliseconds (0 when it was already gone or replaced).
 */
export async function clearProviderPause(queues: DispatcherQueues, seen: ProviderPause): Promise<number> {
  const left = await queues.redis.eval(CLEAR, 2, ...keys(queues), SEND_QUEUE_LIMITER.max, seen.record ?? "");
  return Number(left);
}

/** Redis's clock now: the clock provider pauses are noted on, shared by every process. */
export async function redisNow(queues: DispatcherQueues): Promise<Date> {
  const [seconds, micros] = await queues.redis.time();
  return new Date(Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000));
}
