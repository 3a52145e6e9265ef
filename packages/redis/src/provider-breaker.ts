import type { DispatcherQueues } from "./dispatcher-queues.js";

/**
 * A provider's circuit breaker, shared by every worker through one Redis hash per provider
 * (under the queue prefix, so a cluster keeps it in the prefix's hash-tag slot).
 *
 * - **closed**: calls go through; their outcomes are counted in buckets of a tenth of the window.
 *   When the window holds at least `minCalls` calls and `failureRate` of them failed, it opens.
 * - **open**: for `cooldownMs` no new attempt should go to the provider (workers send elsewhere).
 * - **half-open**: the cool-down is over. One caller at a time is granted the probe (a token, for
 *   `probeMs`), and only a caller that asks for it (one with a message to send there: an idle
 *   worker would hold it unused); only that call's outcome, reported with its token, decides
 *   what follows: a success closes the breaker, a failure opens it for another cool-down. Other
 *   outcomes reported while it is open or half-open (calls started before it opened, messages
 *   bound to the provider) change nothing.
 *
 * Workers report outcomes in batches (recordBreakerOutcomes), so the breaker costs one Redis call
 * per worker and provider per report interval, not one per send. Times are Redis's clock.
 */
export interface BreakerSettings {
  /** The window failures are counted over, in ms. */
  windowMs: number;
  /** Fewest calls in the window before its failure rate may open the breaker. */
  minCalls: number;
  /** Share of failed calls (0..1] in the window that opens it. */
  failureRate: number;
  /** How long it stays open before a probe may go through, in ms. */
  cooldownMs: number;
  /** How long one worker's probe is the only one, in ms (at least the provider timeout). */
  probeMs: number;
}

export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerView {
  state: BreakerState;
  /** Open: ms until it half-opens (0 otherwise). */
  remainingMs: number;
  /** Half-open: the probe's token when this caller was granted the probe, else null. */
  probe: string | null;
}

/**
 * What a caller reports: outcomes of ordinary calls, the probe's with its token, and whether it
 * wants the probe (it has a message the half-open provider could take).
 */
export interface BreakerOutcomes {
  ok: number;
  failed: number;
  probe?: { outcome: "ok" | "failed"; token: string };
  wantsProbe?: boolean;
}

// KEYS: the breaker's hash. ARGV: ok, failed, windowMs, minCalls, failureRate, cooldownMs, probeMs,
// probe outcome ('ok', 'failed' or ''), probe token, wants the probe ('1' or '0'). Returns {state,
// remaining ms, probe token or ''}.
const RECORD = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local key = KEYS[1]
local ok, failed = tonumber(ARGV[1]), tonumber(ARGV[2])
local window, minCalls, rate = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local cooldown, probeMs = tonumber(ARGV[6]), tonumber(ARGV[7])
local openUntil = tonumber(redis.call('HGET', key, 'openUntil') or '0')
if openUntil > 0 then
  if now < openUntil then return {'open', openUntil - now, ''} end
  local token = redis.call('HGET', key, 'probeToken') or ''
  if ARGV[8] ~= '' and token ~= '' and ARGV[9] == token then
    if ARGV[8] == 'ok' then
      redis.call('DEL', key)
      return {'closed', 0, ''}
    end
    redis.call('HSET', key, 'openUntil', now + cooldown)
    redis.call('HDEL', key, 'probeUntil', 'probeToken')
    redis.call('PEXPIRE', key, cooldown + window * 10)
    return {'open', cooldown, ''}
  end
  local probeUntil = tonumber(redis.call('HGET', key, 'probeUntil') or '0')
  if probeUntil > now or ARGV[10] ~= '1' then return {'half-open', 0, ''} end
  -- Unique per open period and grant, so an old probe's late answer decides nothing.
  local granted = tostring(openUntil) .. ':' .. tostring(redis.call('HINCRBY', key, 'probes', 1))
  redis.call('HSET', key, 'probeUntil', now + probeMs, 'probeToken', granted)
  redis.call('PEXPIRE', key, probeMs + cooldown + window * 10)
  return {'half-open', 0, granted}
end
local size = math.max(1, math.floor(window / 10))
local bucket = math.floor(now / size)
if ok > 0 then redis.call('HINCRBY', key, 'ok:' .. bucket, ok) end
if failed > 0 then redis.call('HINCRBY', key, 'failed:' .. bucket, failed) end
local totalOk, totalFailed = 0, 0
local fields = redis.call('HGETALL', key)
for i = 1, #fields, 2 do
  local kind, b = string.match(fields[i], '^(%a+):(%d+)$')
  if b then
    if tonumber(b) <= bucket - 10 then redis.call('HDEL', key, fields[i])
    elseif kind == 'ok' then totalOk = totalOk + tonumber(fields[i + 1])
    else totalFailed = totalFailed + tonumber(fields[i + 1]) end
  end
end
redis.call('PEXPIRE', key, window * 2)
local total = totalOk + totalFailed
if total >= minCalls and totalFailed >= rate * total then
  redis.call('DEL', key)
  redis.call('HSET', key, 'openUntil', now + cooldown)
  redis.call('PEXPIRE', key, cooldown + window * 10)
  return {'open', cooldown, ''}
end
return {'closed', 0, ''}`;

/** The Redis key of `provider`'s breaker. */
export function breakerKey(queues: DispatcherQueues, provider: string): string {
  return queues.send.toKey(`breaker:${provider}`);
}

/**
 * Adds `ok` successful and `failed` failed calls to `provider`'s breaker and answers its state
 * (with none, only reads it). A closed breaker opens here once the window's failure rate is
 * reached; a half-open one grants the probe to one caller at a time that wants it, and is
 * decided by the outcome reported with that probe's token.
 */
export async function recordBreakerOutcomes(
  queues: DispatcherQueues,
  report: { provider: string; outcomes: BreakerOutcomes; settings: BreakerSettings },
): Promise<BreakerView> {
  const { provider, outcomes, settings } = report;
  const [state, remainingMs, probe] = (await queues.redis.eval(
    RECORD,
    1,
    breakerKey(queues, provider),
    outcomes.ok,
    outcomes.failed,
    settings.windowMs,
    settings.minCalls,
    settings.failureRate,
    settings.cooldownMs,
    settings.probeMs,
    outcomes.probe?.outcome ?? "",
    outcomes.probe?.token ?? "",
    outcomes.wantsProbe ? "1" : "0",
  )) as [BreakerState, number, string];
  return { state, remainingMs: Number(remainingMs), probe: probe === "" ? null : probe };
}

// KEYS: the breaker's hash. Returns {state, remaining ms}, on Redis's clock; changes nothing.
const READ = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local openUntil = tonumber(redis.call('HGET', KEYS[1], 'openUntil') or '0')
if openUntil == 0 then return {'closed', 0} end
if now < openUntil then return {'open', openUntil - now} end
return {'half-open', 0}`;

/** `provider`'s breaker as it stands (for the API's status), without reporting or asking for a probe. */
export async function readBreakerState(
  queues: DispatcherQueues,
  provider: string,
): Promise<Pick<BreakerView, "state" | "remainingMs">> {
  const [state, remainingMs] = (await queues.redis.eval(READ, 1, breakerKey(queues, provider))) as [
    BreakerState,
    number,
  ];
  return { state, remainingMs: Number(remainingMs) };
}
