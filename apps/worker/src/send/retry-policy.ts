import type { BackoffStrategy } from "bullmq";

/**
 * The send path's decisions, without I/O: how long a provider pause lasts, when a message has no
 * attempt left, what follows a provider error (decide), and how long a retry waits (the backoff).
 * The send job does the I/O around them.
 *
 * Terms: an *attempt* is one start of a send (a POST, unless the worker dies first); attempts the
 * provider answered 429 are *rate-limited* and do not count against `maxAttempts`, up to their own
 * allowance. Both counters live on the message row, so they hold across retries, stalled jobs and
 * jobs re-created after Redis lost them.
 */
export interface SendPolicy {
  /** SEND_ATTEMPTS: attempts a message may spend on retryable errors before it is failed. */
  maxAttempts: number;
  /** 429 answers that may put a message back without spending an attempt (default 5 × maxAttempts). */
  rateLimitAllowance: number;
  /** The shortest provider pause, in ms, whatever Retry-After says (0, a past date). */
  minPauseMs: number;
  /** PROVIDER_MAX_PAUSE_MS: the longest provider pause or Retry-After wait, in ms. */
  maxPauseMs: number;
  /** The pause after a 429 without a usable Retry-After, in ms. */
  defaultPauseMs: number;
}

/** The policy's defaults for `maxAttempts` and `maxPauseMs` (SEND_ATTEMPTS, PROVIDER_MAX_PAUSE_MS). */
export function sendPolicy(options: { maxAttempts: number; maxPauseMs: number }): SendPolicy {
  return {
    maxAttempts: options.maxAttempts,
    rateLimitAllowance: options.maxAttempts * 5,
    minPauseMs: 100,
    maxPauseMs: options.maxPauseMs,
    defaultPauseMs: Math.min(1_000, options.maxPauseMs),
  };
}

/** A message's attempt counters as stored: `attempts` includes the one just started. */
export interface AttemptCounts {
  attempts: number;
  rateLimited: number;
}

/**
 * A failed attempt as the policy sees it: `rate-limited` (the provider's rate limit), `retryable`
 * (another attempt may work) or `permanent` (it will not).
 */
export interface ProviderFailure {
  message: string;
  kind: "rate-limited" | "retryable" | "permanent";
  /** The provider's Retry-After in ms, when it sent a usable one (never negative). */
  retryAfterMs?: number;
}

export type SendDecision =
  /** Pause every worker's sends for `pauseMs`, and put the message back without spending an attempt. */
  | { action: "rate-limited"; pauseMs: number }
  /** Retry after the backoff (or `delayMs`, from Retry-After, when given). */
  | { action: "retry"; delayMs?: number }
  /** Fail the message for good with `reason`. */
  | { action: "fail"; reason: string };

/** Attempts that count against `maxAttempts`: every attempt but those answered 429. */
export function attemptsSpent(counts: AttemptCounts): number {
  return counts.attempts - counts.rateLimited;
}

/**
 * A wait the provider asked for (Retry-After), bounded: at least `minPauseMs`, at most
 * `maxPauseMs` (an infinite ask included), `defaultPauseMs` when it gave none or not a number.
 * Always a whole number of ms that Redis accepts as an expiry.
 */
export function boundedWaitMs(retryAfterMs: number | undefined, policy: SendPolicy): number {
  const asked =
    retryAfterMs === undefined || Number.isNaN(retryAfterMs) ? policy.defaultPauseMs : retryAfterMs;
  return Math.round(Math.min(policy.maxPauseMs, Math.max(policy.minPauseMs, asked)));
}

/**
 * Why the attempt just started may not go to the provider, or undefined when it may. A message
 * whose attempts are spent (its earlier job ended without recording an outcome, say) is failed
 * without another POST, so no message is POSTed more than `maxAttempts` times plus its 429s.
 */
export function noAttemptLeft(counts: AttemptCounts, policy: SendPolicy): string | undefined {
  if (attemptsSpent(counts) > policy.maxAttempts) {
    return `gave up: all ${policy.maxAttempts} attempts were made`;
  }
  if (counts.rateLimited > policy.rateLimitAllowance) {
    return `gave up: the provider answered 429 ${counts.rateLimited} times`;
  }
  return undefined;
}

/**
 * What follows a failed attempt (`counts` include it):
 * - rate-limited while the message is within its 429 allowance: pause every worker for the
 *   bounded Retry-After, without spending an attempt;
 * - permanent: fail at once;
 * - retryable (and rate-limited past the allowance): fail when this was the last attempt, else
 *   retry after the bounded Retry-After or the backoff.
 */
export function decide(error: ProviderFailure, counts: AttemptCounts, policy: SendPolicy): SendDecision {
  if (error.kind === "rate-limited" && counts.rateLimited < policy.rateLimitAllowance) {
    return { action: "rate-limited", pauseMs: boundedWaitMs(error.retryAfterMs, policy) };
  }
  if (error.kind === "permanent") return { action: "fail", reason: error.message };
  const spent = attemptsSpent(counts);
  if (spent >= policy.maxAttempts) {
    return { action: "fail", reason: `${error.message} (gave up after ${spent} attempts)` };
  }
  return error.retryAfterMs === undefined
    ? { action: "retry" }
    : { action: "retry", delayMs: boundedWaitMs(error.retryAfterMs, policy) };
}

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
