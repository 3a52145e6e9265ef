import type { DispatcherQueues } from "./dispatcher-queues.js";

/**
 * A provider's throughput limit, shared by every worker: `perSecond` SMS segments a second, with
 * up to `burst` segments at once above that steady rate (0: one second's worth).
 */
export interface ThroughputLimit {
  perSecond: number;
  burst: number;
}

// A GCRA bucket that reserves: a call takes its cost from the bucket's theoretical arrival time
// (TAT) and answers how long until its slot begins (0: at once), so a waiting send sleeps exactly
// until its slot. A slot further ahead than the horizon is not taken: the call answers the wait
// as a negative number, and the caller asks again later (a changed limit then applies). KEYS: the
// TAT key. ARGV: cost in ms (segments × ms per segment), tolerance in ms (burst × ms per segment),
// horizon in ms. Times are Redis's clock.
const RESERVE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local cost, tolerance, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local next = tat + cost
local wait = math.max(0, math.ceil(next - tolerance - now))
-- A message costing more than the burst never fits it: it goes once the sends before it are
-- through, and its whole cost is charged to the sends after it.
if cost > tolerance then wait = math.max(0, math.ceil(tat - now)) end
if wait > horizon then return -wait end
redis.call('SET', KEYS[1], next, 'PX', math.max(1, math.ceil(next - now + 1000)))
return wait`;

/** The furthest ahead a slot is reserved, in ms: a limit changed meanwhile applies after at most this. */
export const THROUGHPUT_HORIZON_MS = 10_000;

/** A reservation's answer: `reserved`, the slot begins in `waitMs`; else capacity frees up in about `waitMs`. */
export interface ThroughputSlot {
  reserved: boolean;
  waitMs: number;
}

/** The Redis key of `provider`'s throughput bucket (under the queue prefix, in its hash-tag slot). */
export function throughputKey(queues: DispatcherQueues, provider: string): string {
  return queues.send.toKey(`throughput:${provider}`);
}

/**
 * Reserves `segments` of `provider`'s capacity under `limit` (perSecond above 0): the slot begins
 * `waitMs` from now (0: send at once). Each caller gets its own slot, so the provider is sent at
 * most its rate (and burst) across every worker, in the order slots were taken. A slot more than
 * `horizonMs` ahead is not reserved (`reserved` false: ask again in about `waitMs`, at most the
 * horizon), so a limit changed through the API applies to every send within the horizon.
 */
export async function reserveThroughput(
  queues: DispatcherQueues,
  request: {
    provider: string;
    segments: number;
    limit: ThroughputLimit;
    /** @defaultValue THROUGHPUT_HORIZON_MS */
    horizonMs?: number;
  },
): Promise<ThroughputSlot> {
  const { provider, segments, limit, horizonMs = THROUGHPUT_HORIZON_MS } = request;
  const msPerSegment = 1_000 / limit.perSecond;
  const burst = limit.burst > 0 ? limit.burst : Math.max(1, limit.perSecond);
  const wait = Number(
    await queues.redis.eval(
      RESERVE,
      1,
      throughputKey(queues, provider),
      Math.max(1, segments) * msPerSegment,
      burst * msPerSegment,
      horizonMs,
    ),
  );
  return wait < 0
    ? { reserved: false, waitMs: Math.min(-wait, horizonMs) }
    : { reserved: true, waitMs: wait };
}
