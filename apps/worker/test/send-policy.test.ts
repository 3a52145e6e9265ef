import { describe, expect, it } from "vitest";
import {
  boundedWaitMs,
  decideAfterError,
  noAttemptLeft,
  type ProviderFailure,
  type SendDecision,
  sendPolicy,
} from "../src/send-policy.js";

// SEND_ATTEMPTS 3 (so 15 answers of 429 are allowed), PROVIDER_MAX_PAUSE_MS 60 s.
const policy = sendPolicy({ maxAttempts: 3, maxPauseMs: 60_000 });

const e429 = (retryAfterMs?: number): ProviderFailure => ({
  message: "429",
  retryable: true,
  status: 429,
  retryAfterMs,
});
const e503 = (retryAfterMs?: number): ProviderFailure => ({
  message: "503",
  retryable: true,
  status: 503,
  retryAfterMs,
});
const timeout: ProviderFailure = { message: "provider unreachable (UND_ERR_ABORTED)", retryable: true };
const e400: ProviderFailure = { message: "provider answered 400", retryable: false, status: 400 };

describe("decideAfterError", () => {
  it.each<[string, ProviderFailure, { attempts: number; rateLimited: number }, SendDecision]>([
    [
      "a 429 pauses every worker for its Retry-After",
      e429(2_000),
      { attempts: 1, rateLimited: 0 },
      { action: "pause", ms: 2_000 },
    ],
    [
      "a 429 without Retry-After pauses for 1 s",
      e429(),
      { attempts: 1, rateLimited: 0 },
      { action: "pause", ms: 1_000 },
    ],
    [
      "a 429 with Retry-After 0 (or a past date) pauses at least 100 ms",
      e429(0),
      { attempts: 1, rateLimited: 0 },
      { action: "pause", ms: 100 },
    ],
    [
      "a 429 asking for a day pauses at most PROVIDER_MAX_PAUSE_MS",
      e429(86_400_000),
      { attempts: 1, rateLimited: 0 },
      { action: "pause", ms: 60_000 },
    ],
    [
      "a 429 with a Retry-After beyond any number pauses for the cap",
      e429(Number.POSITIVE_INFINITY),
      { attempts: 1, rateLimited: 0 },
      { action: "pause", ms: 60_000 },
    ],
    [
      "a 429 does not spend attempts: on the last attempt it still pauses",
      e429(500),
      { attempts: 5, rateLimited: 2 },
      { action: "pause", ms: 500 },
    ],
    [
      "a 429 past its allowance is an ordinary retryable error",
      e429(500),
      { attempts: 16, rateLimited: 15 },
      { action: "retry", delayMs: 500 },
    ],
    [
      "a 429 past its allowance on the last attempt fails",
      e429(500),
      { attempts: 18, rateLimited: 15 },
      { action: "fail", reason: "429 (gave up after 3 attempts)" },
    ],
    ["a 5xx is retried after the backoff", e503(), { attempts: 1, rateLimited: 0 }, { action: "retry" }],
    [
      "a 5xx with Retry-After waits that long",
      e503(5_000),
      { attempts: 1, rateLimited: 0 },
      { action: "retry", delayMs: 5_000 },
    ],
    [
      "a 5xx asking for a day waits at most the cap",
      e503(86_400_000),
      { attempts: 1, rateLimited: 0 },
      { action: "retry", delayMs: 60_000 },
    ],
    ["a timeout is retried", timeout, { attempts: 2, rateLimited: 0 }, { action: "retry" }],
    [
      "a retryable error on the last attempt fails, naming the count",
      timeout,
      { attempts: 3, rateLimited: 0 },
      { action: "fail", reason: `${timeout.message} (gave up after 3 attempts)` },
    ],
    [
      "attempts answered 429 do not count towards the last attempt",
      timeout,
      { attempts: 4, rateLimited: 2 },
      { action: "retry" },
    ],
    [
      "a permanent 4xx fails at once, even on the first attempt",
      e400,
      { attempts: 1, rateLimited: 0 },
      { action: "fail", reason: "provider answered 400" },
    ],
  ])("%s", (_name, error, counts, expected) => {
    expect(decideAfterError(error, counts, policy)).toEqual(expected);
  });
});

describe("noAttemptLeft", () => {
  it.each<[string, { attempts: number; rateLimited: number }, boolean]>([
    ["the first attempt may go", { attempts: 1, rateLimited: 0 }, false],
    ["the last attempt may go", { attempts: 3, rateLimited: 0 }, false],
    ["the last attempt after many 429s may go", { attempts: 18, rateLimited: 15 }, false],
    [
      "one more than SEND_ATTEMPTS may not (a job re-created after its attempts were spent)",
      { attempts: 4, rateLimited: 0 },
      true,
    ],
    ["more 429s than the allowance may not", { attempts: 17, rateLimited: 16 }, true],
  ])("%s", (_name, counts, exhausted) => {
    expect(noAttemptLeft(counts, policy) !== undefined).toBe(exhausted);
  });
});

describe("boundedWaitMs", () => {
  it("is always a whole number of ms between the floor and the cap", () => {
    for (const asked of [-1, 0, 0.4, 99.6, 1_234.5, 1e12, Number.NaN, Number.NEGATIVE_INFINITY, undefined]) {
      const ms = boundedWaitMs(asked, policy);
      expect(Number.isInteger(ms), String(asked)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(100);
      expect(ms).toBeLessThanOrEqual(60_000);
    }
  });
});
