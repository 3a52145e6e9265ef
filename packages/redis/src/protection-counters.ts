import type { DispatcherQueues } from "./dispatcher-queues.js";

/** One counter a request adds to: its name (unique per window), its limit, and how much it adds. */
export interface CounterCharge {
  /** Names the counter and its window, e.g. `recipient:all:h:493912:<hash>` (no phone number in it). */
  name: string;
  limit: number;
  amount: number;
  /** When the counter's window ends (ms since the epoch): it is forgotten then. */
  windowEndsAt: number;
}

/**
 * What a charge came to: all added, or the first counter it would have passed, by name, with
 * what that counter held already (`used`; nothing added).
 */
export type ChargeResult = { charged: true } | { charged: false; name: string; used: number };

// Adds every charge or none. KEYS: the counters. ARGV: per key, its limit, amount and time to
// live in ms. Answers {0, 0} when all were added, else the 1-based index of the first that would
// pass its limit and what it holds (nothing added then).
const CHARGE = `
for i = 1, #KEYS do
  local limit, amount = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1])
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used + amount > limit then return {i, used} end
end
for i = 1, #KEYS do
  if redis.call('INCRBY', KEYS[i], ARGV[3 * i - 1]) == tonumber(ARGV[3 * i - 1]) then
    redis.call('PEXPIRE', KEYS[i], ARGV[3 * i])
  end
end
return {0, 0}`;

// Takes back what CHARGE added. KEYS and ARGV as CHARGE's; a counter never goes below 0.
const REFUND = `
for i = 1, #KEYS do
  local left = redis.call('DECRBY', KEYS[i], ARGV[3 * i - 1])
  if left <= 0 then redis.call('DEL', KEYS[i]) end
end
return 0`;

/** How long a counter outlives its window, in ms: clocks of API replicas may differ by this much. */
const WINDOW_GRACE_MS = 60_000;

/** The charges with one entry per counter, amounts of the same name summed, in first-seen order. */
function merged(charges: readonly CounterCharge[]): CounterCharge[] {
  const byName = new Map<string, CounterCharge>();
  for (const charge of charges) {
    const seen = byName.get(charge.name);
    byName.set(charge.name, seen ? { ...seen, amount: seen.amount + charge.amount } : charge);
  }
  return [...byName.values()];
}

function argsOf(
  queues: DispatcherQueues,
  charges: readonly CounterCharge[],
  now: number,
): [number, ...(string | number)[]] {
  return [
    charges.length,
    ...charges.map((c) => queues.send.toKey(`protect:${c.name}`)),
    ...charges.flatMap((c) => [c.limit, c.amount, Math.max(1, c.windowEndsAt - now + WINDOW_GRACE_MS)]),
  ];
}

/**
 * Adds each charge to its counter in Redis, all or none, in one script (every counter is in the
 * queue prefix's hash-tag slot, so this holds on Redis Cluster too): counters are shared by every
 * API replica and outlive an API restart. Charges of the same name add up (two messages to one
 * recipient count two against its cap). Throws
 * when Redis cannot answer; the caller decides what that means (intake refuses: see the guard).
 */
export async function chargeCounters(
  queues: DispatcherQueues,
  charges: readonly CounterCharge[],
): Promise<ChargeResult> {
  if (charges.length === 0) return { charged: true };
  const counters = merged(charges);
  const [failed, used] = (await queues.redis.eval(CHARGE, ...argsOf(queues, counters, Date.now()))) as [
    number,
    number,
  ];
  return failed === 0 ? { charged: true } : { charged: false, name: counters[failed - 1]!.name, used };
}

/** Takes back charges chargeCounters added (the messages they counted were not stored). */
export async function refundCounters(
  queues: DispatcherQueues,
  charges: readonly CounterCharge[],
): Promise<void> {
  if (charges.length === 0) return;
  await queues.redis.eval(REFUND, ...argsOf(queues, merged(charges), Date.now()));
}
