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
// until its slot. A slot further ahead than the horizon is not taken (a changed limit then applies
// to it): the call gets a place in the line behind the bucket instead, where its slot would begin
// were every place before it to become a slot, and answers the wait until then as a negative
// number. The line is only an estimate, so that a waiting send asks again about when it can be
// served rather than every few seconds; a caller that holds a place keeps it (the line does not
// grow), though never before the bucket's next slot. KEYS: the TAT key, the line key. ARGV: cost
// in ms (segments × ms per segment), tolerance in ms (burst × ms per segment), horizon in ms, the
// held place's wait in ms ('' for none). Times are Redis's clock.
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
if wait <= horizon then
  redis.call('SET', KEYS[1], next, 'PX', math.max(1, math.ceil(next - now + 1000)))
  return wait
end
local held = tonumber(ARGV[4])
local place
if held then
  place = math.max(now + held + tolerance, next)
else
  place = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), tat) + cost
  redis.call('SET', KEYS[2], place, 'PX', math.max(1, math.ceil(place - now + 1000)))
end
return -math.max(horizon + 1, math.ceil(place - tolerance - now))`;

/** The furthest ahead a slot is reserved, in ms: a limit changed meanwhile applies after at most this. */
export const THROUGHPUT_HORIZON_MS = 10_000;

/** The longest a send waiting in line waits before it asks again, in ms: a raised limit reaches it within this. */
export const THROUGHPUT_LINE_RECHECK_MS = 30_000;

/**
 * A reservation's answer. `reserved`: the slot begins in `waitMs`. Else the bucket is full beyond
 * the horizon: the caller's place in line would become a slot in about `waitMs`, and it should ask
 * again (holding that place) in `askAgainMs`, half a horizon before then, or sooner (at most
 * THROUGHPUT_LINE_RECHECK_MS).
 */
export type ThroughputSlot =
  | { reserved: true; waitMs: number }
  | { reserved: false; waitMs: number; askAgainMs: number };

/** The Redis key of `provider`'s throughput bucket (under the queue prefix, in its hash-tag slot). */
export function throughputKey(queues: DispatcherQueues, provider: string): string {
  return queues.send.toKey(`throughput:${provider}`);
}

/**
 * Reserves `segments` of `provider`'s capacity under `limit` (perSecond above 0): the slot begins
 * `waitMs` from now (0: send at once). Each caller gets its own slot, so the provider is sent at
 * most its rate (and burst) across every worker, in the order slots were taken. A slot more than
 * `horizonMs` ahead is not reserved, so a limit changed through the API applies to every send
 * within the horizon: the caller gets a place in line instead (`reserved` false, see
 * ThroughputSlot), and passes its wait back as `heldPlaceMs` (now negative, if it is late) when it
 * asks again, to keep that place.
 */
export async function reserveThroughput(
  queues: DispatcherQueues,
  request: {
    provider: string;
    segments: number;
    limit: ThroughputLimit;
    /** How far ahead the place in line this caller holds is, in ms (see ThroughputSlot). */
    heldPlaceMs?: number;
    /** @defaultValue THROUGHPUT_HORIZON_MS */
    horizonMs?: number;
  },
): Promise<ThroughputSlot> {
  const { provider, segments, limit, heldPlaceMs, horizonMs = THROUGHPUT_HORIZON_MS } = request;
  const msPerSegment = 1_000 / limit.perSecond;
  const burst = limit.burst > 0 ? limit.burst : Math.max(1, limit.perSecond);
  const key = throughputKey(queues, provider);
  const wait = Number(
    await queues.redis.eval(
      RESERVE,
      2,
      key,
      `${key}:line`,
      Math.max(1, segments) * msPerSegment,
      burst * msPerSegment,
      horizonMs,
      heldPlaceMs === undefined ? "" : Math.round(heldPlaceMs),
    ),
  );
  if (wait >= 0) return { reserved: true, waitMs: wait };
  const askAgainMs = Math.min(-wait - horizonMs / 2, THROUGHPUT_LINE_RECHECK_MS);
  return { reserved: false, waitMs: -wait, askAgainMs };
}
