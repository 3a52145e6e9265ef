import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  boundedWaitMs,
  decide,
  noAttemptLeft,
  type ProviderFailure,
  type SendDecision,
  sendPolicy,
} from "../src/send/retry-policy.js";

// SEND_ATTEMPTS 3 (so 15 answers of 429 are allowed), PROVIDER_MAX_PAUSE_MS 60 s.
const policy = sendPolicy({ maxAttempts: 3, maxPauseMs: 60_000 });

const e429 = (retryAfterMs?: number): ProviderFailure => ({
  message: "429",
  kind: "rate-limited",
  retryAfterMs,
});
const e503 = (retryAfterMs?: number): ProviderFailure => ({
  message: "503",
  kind: "retryable",
  retryAfterMs,
});
const timeout: ProviderFailure = { message: "provider unreachable (UND_ERR_ABORTED)", kind: "retryable" };
const e400: ProviderFailure = { message: "provider answered 400", kind: "permanent" };
const refusedRetryable: ProviderFailure = {
  message: "provider unreachable (ECONNREFUSED)",
  kind: "retryable",
};

type Counts = { attempts: number; rateLimited: number };
type Case = [name: string, error: ProviderFailure, counts: Counts, expected: SendDecision];

/**
 * The retry rules in the words of docs/guarantees.md ("Retries"), each with the cases that hold
 * it to them. The first test keeps the words in the doc.
 */
const RULES: Array<[rule: string, cases: Case[]]> = [
  [
    "No connection, a name that did not resolve, a 408 and the other refusals the adapter calls retryable are retried with exponential backoff",
    [["no connection", refusedRetryable, { attempts: 1, rateLimited: 0 }, { action: "retry" }]],
  ],
  [
    "so are a 5xx, a timeout (`PROVIDER_TIMEOUT_MS`) and a dropped connection",
    [
      ["a 5xx", e503(), { attempts: 1, rateLimited: 0 }, { action: "retry" }],
      ["a timeout", timeout, { attempts: 2, rateLimited: 0 }, { action: "retry" }],
    ],
  ],
  [
    "up to `SEND_ATTEMPTS`",
    [
      [
        "a retryable error on the last attempt fails, naming the count",
        timeout,
        { attempts: 3, rateLimited: 0 },
        { action: "fail", reason: `${timeout.message} (gave up after 3 attempts)` },
      ],
      ["attempts answered 429 do not count", timeout, { attempts: 4, rateLimited: 2 }, { action: "retry" }],
    ],
  ],
  [
    "A `Retry-After` on such an answer replaces the backoff",
    [
      [
        "a 5xx with Retry-After 5 s",
        e503(5_000),
        { attempts: 1, rateLimited: 0 },
        { action: "retry", delayMs: 5_000 },
      ],
    ],
  ],
  [
    "A 429 pauses the whole send queue — on every worker — for its `Retry-After` and puts the message back without spending an attempt",
    [
      [
        "Retry-After 2 s",
        e429(2_000),
        { attempts: 1, rateLimited: 0 },
        { action: "rate-limited", pauseMs: 2_000 },
      ],
      [
        "on the last attempt",
        e429(500),
        { attempts: 5, rateLimited: 2 },
        { action: "rate-limited", pauseMs: 500 },
      ],
    ],
  ],
  [
    "after 5 × `SEND_ATTEMPTS` such returns, 429s count as ordinary retries",
    [
      [
        "a 429 past its allowance",
        e429(500),
        { attempts: 16, rateLimited: 15 },
        { action: "retry", delayMs: 500 },
      ],
      [
        "a 429 past its allowance on the last attempt",
        e429(500),
        { attempts: 18, rateLimited: 15 },
        { action: "fail", reason: "429 (gave up after 3 attempts)" },
      ],
    ],
  ],
  [
    "at least 100 ms (`Retry-After: 0`, a past date), 1 s when the header is missing or unreadable, and at most `PROVIDER_MAX_PAUSE_MS`",
    [
      ["Retry-After 0", e429(0), { attempts: 1, rateLimited: 0 }, { action: "rate-limited", pauseMs: 100 }],
      ["no Retry-After", e429(), { attempts: 1, rateLimited: 0 }, { action: "rate-limited", pauseMs: 1_000 }],
      [
        "a day",
        e429(86_400_000),
        { attempts: 1, rateLimited: 0 },
        { action: "rate-limited", pauseMs: 60_000 },
      ],
      [
        "beyond any number",
        e429(Number.POSITIVE_INFINITY),
        { attempts: 1, rateLimited: 0 },
        { action: "rate-limited", pauseMs: 60_000 },
      ],
      [
        "a 5xx asking for a day",
        e503(86_400_000),
        { attempts: 1, rateLimited: 0 },
        { action: "retry", delayMs: 60_000 },
      ],
    ],
  ],
  [
    "A refusal for good (most other 4xx) or an invalid recipient fails the message at once",
    [
      [
        "a 400 on the first attempt",
        e400,
        { attempts: 1, rateLimited: 0 },
        { action: "fail", reason: "provider answered 400" },
      ],
    ],
  ],
];

describe("decide", () => {
  it("docs/guarantees.md states every rule this table checks", () => {
    const doc = readFileSync(new URL("../../../docs/guarantees.md", import.meta.url), "utf8").replace(
      /\s+/g,
      " ",
    );
    for (const [rule] of RULES) expect(doc, rule).toContain(rule);
  });

  describe.each(RULES)("%s", (_rule, cases) => {
    it.each(cases)("%s", (_name, error, counts, expected) => {
      expect(decide(error, counts, policy)).toEqual(expected);
    });
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
