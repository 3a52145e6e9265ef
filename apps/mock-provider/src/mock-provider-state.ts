import { createHash, randomUUID } from "node:crypto";

/**
 * The runtime switches that shape how `POST /messages` answers. `GET /control` shows them and
 * `PUT /control` changes them; they survive `DELETE /messages`.
 */
export interface Switches {
  /** Milliseconds every `POST /messages` waits before answering. Default 0. */
  latencyMs: number;
  /** HTTP status (400..599) answered instead of 202 for a `failRate` share of requests; 0 = off. Default 0. */
  failStatus: number;
  /** Share (0..1) of requests answered with `failStatus` when it is set; 1 fails every request. Default 0. */
  failRate: number;
  /** Seconds sent as `Retry-After` on every 429 answer. Default 1. */
  retryAfterSeconds: number;
  /**
   * The next N requests answer `failStatus` (500 when `failStatus` is 0), whatever `failRate` says.
   * Each such answer decrements it. Default 0.
   */
  failNext: number;
  /** Recipient (`to`) → status it always gets, e.g. 400 to fail a chosen message permanently. Default `{}`. */
  failRecipients: Record<string, number>;
  /**
   * Hostile answers, for proving a client survives them. `Retry-After` sent verbatim with every 429
   * and 503 (`"0"`, a past HTTP date, `"soon"`, `"99999999999"`), instead of `retryAfterSeconds`;
   * null = off. Default null.
   */
  retryAfter: string | null;
  /**
   * The raw body of every accepted (202) answer instead of `{message, messageId}`: a NUL or
   * control characters in the id, a huge id, not JSON at all. The key is still recorded; null = off.
   * Default null.
   */
  acceptBody: string | null;
  /** The raw body of every simulated failure instead of `{error}`; null = off. Default null. */
  errorBody: string | null;
  /**
   * Delivery receipts (sent only when the provider has a receipt URL): how long after accepting a
   * message its receipt is sent, in ms. Default 0.
   */
  receiptDelayMs: number;
  /** Share (0..1) of receipts that report `undelivered` (error code 30003) instead of `delivered`. Default 0. */
  receiptFailRate: number;
  /** Extra copies of every receipt, sent right after it. Default 0. */
  receiptDuplicates: number;
  /**
   * Out of order: after each receipt, also send a stale `failed` receipt 60 s older, as a late
   * retry of an earlier status would come. Default false.
   */
  receiptOutOfOrder: boolean;
  /** Send the receipt (and wait for its answer) before answering the `POST /messages` itself. Default false. */
  receiptBeforeAnswer: boolean;
  /**
   * Share (0..1) of requests taken (recorded as accepted, as a provider that crashed or lost the
   * link before answering would have) and then dropped: the connection is closed with no answer,
   * so the client cannot know. Logged as status 0. Default 0.
   */
  dropRate: number;
  /**
   * Share (0..1) of requests taken (recorded as accepted: the SMS goes out) and then answered
   * with `failStatus` (500 when it is 0 or not a 5xx), as a provider that stores a message and
   * fails before answering, or a proxy that fails after forwarding, does. Default 0.
   */
  failAfterAcceptRate: number;
}

/** What the mock provider remembers about one Idempotency-Key. */
export interface ReceivedRecord {
  /** The request's `Idempotency-Key`, or a fresh UUID when the request carried none. */
  idempotencyKey: string;
  /** `to` and `content` of the first accepted request with this key. */
  to: string;
  content: string;
  /** The UUID answered for this key, the same on every repeat. */
  messageId: string;
  /** ISO-8601 times of the first and the latest accepted request with this key. */
  firstReceivedAt: string;
  lastReceivedAt: string;
  /** Accepted requests with this key (1 + duplicates); failed answers are not counted here. */
  requests: number;
  /**
   * SMS sent for this key: 1, plus one for every repeat a dialect without idempotency keys
   * accepted (Twilio's and AWS's APIs send each request). Above 1, the recipient got it twice.
   */
  sends: number;
}

/** Totals since start or since the last `DELETE /messages`. */
export interface Counters {
  /** Every `POST /messages` request, whatever its answer. */
  requests: number;
  /** Distinct idempotency keys answered 202 (each key counts once). */
  accepted: number;
  /** 202 answers for a key that had already been accepted. */
  duplicates: number;
  /** Of `duplicates`, those that sent the SMS again (dialects without idempotency keys). */
  doubleSends: number;
  /** Non-2xx answers: simulated failures, 401, 400 and other client errors. */
  rejected: number;
  /** Delivery receipts the receiver answered 2xx, and those it refused or could not be reached for. */
  receiptsSent: number;
  receiptsFailed: number;
}

/** One answer to `POST /messages`, in the order they were sent. */
export interface AnswerRecord {
  /** Epoch milliseconds when the answer was sent. */
  at: number;
  /**
   * Epoch milliseconds when the request arrived (Fastify began handling it): at most `at`, and
   * earlier by the `latencyMs` wait and the time spent answering.
   */
  receivedAt: number;
  idempotencyKey: string | null;
  status: number;
}

/** How many answers the log keeps; older ones are dropped first. */
export const ANSWER_LOG_LIMIT = 200_000;

/** The outcome of accepting one request: its record, and whether the key had been seen before. */
export interface Acceptance {
  record: ReceivedRecord;
  duplicate: boolean;
}

/** The mock provider's whole in-memory state. One instance per Fastify app; nothing is persisted. */
export interface MockProviderState {
  /** The live switches; callers replace them through `updateSwitches`. */
  readonly switches: Readonly<Switches>;
  readonly counters: Readonly<Counters>;
  /**
   * Merges `patch` into the switches (shallow: a given `failRecipients` replaces the whole map)
   * and returns a copy of the result.
   */
  updateSwitches(patch: Partial<Switches>): Switches;
  /** Consumes one unit of `failNext`; returns false when none was left. */
  takeFailNext(): boolean;
  countRequest(): void;
  countRejected(): void;
  /** Counts one delivery receipt sent (the receiver answered 2xx) or failed. */
  countReceipt(ok: boolean): void;
  /**
   * Records an accepted request. A known `idempotencyKey` returns its existing record (same messageId)
   * and counts a duplicate; an unknown or missing one creates a record with a fresh messageId. With
   * `deduplicate` false (a provider API without idempotency keys, where the key is only a reference
   * the dispatcher carries), a repeat is another SMS: it counts in `sends` and `doubleSends`.
   */
  accept(input: {
    idempotencyKey: string | undefined;
    to: string;
    content: string;
    deduplicate?: boolean;
    /** The id a new record answers with (a dialect's own: a Twilio sid); default a fresh UUID. */
    messageId?: string;
  }): Acceptance;
  /**
   * Copies of every record, in the order their keys first arrived; empty when the state keeps
   * `"keys"` only (see RecordDetail).
   */
  records(): ReceivedRecord[];
  /** Appends to the answer log (at most ANSWER_LOG_LIMIT entries are kept). */
  logAnswer(entry: AnswerRecord): void;
  /** Copies of the logged answers, oldest first. */
  answers(): AnswerRecord[];
  /** Forgets every record and logged answer and zeroes the counters; switches are kept. */
  reset(): void;
  /** Calls `listener` on every `reset()`, so a dialect's own records are forgotten with the rest. */
  onReset(listener: () => void): void;
}

/**
 * What the state keeps per idempotency key. `"full"` keeps a ReceivedRecord (recipient, text,
 * times), which `GET /messages` lists. `"keys"` keeps only the key and its send count, about a
 * tenth of the memory: duplicates and double sends are still counted exactly, a repeat still gets
 * the same messageId (derived from the key), and `GET /messages` lists no records. For drains of a
 * million messages, where full records would make the mock provider the bottleneck.
 */
export type RecordDetail = "full" | "keys";

/** The messageId a `"keys"` state answers for `key`: a UUID-shaped hash, the same on every repeat. */
function derivedMessageId(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DEFAULT_SWITCHES: Readonly<Switches> = Object.freeze({
  latencyMs: 0,
  failStatus: 0,
  failRate: 0,
  retryAfterSeconds: 1,
  failNext: 0,
  failRecipients: Object.freeze({}) as Record<string, number>,
  retryAfter: null,
  acceptBody: null,
  errorBody: null,
  receiptDelayMs: 0,
  receiptFailRate: 0,
  receiptDuplicates: 0,
  receiptOutOfOrder: false,
  receiptBeforeAnswer: false,
  dropRate: 0,
  failAfterAcceptRate: 0,
});

function zeroCounters(): Counters {
  return {
    requests: 0,
    accepted: 0,
    duplicates: 0,
    doubleSends: 0,
    rejected: 0,
    receiptsSent: 0,
    receiptsFailed: 0,
  };
}

/**
 * A fresh state with `DEFAULT_SWITCHES` overridden by `initial`.
 * `now` supplies the record timestamps (default: the wall clock).
 */
export function createMockProviderState(
  initial: Partial<Switches> = {},
  now: () => Date = () => new Date(),
  detail: RecordDetail = "full",
): MockProviderState {
  let switches: Switches = { ...DEFAULT_SWITCHES, failRecipients: {}, ...initial };
  let counters = zeroCounters();
  // A Map keeps insertion order, which is the arrival order GET /messages promises.
  const byKey = new Map<string, ReceivedRecord>();
  // "keys" detail: key → SMS sent for it (ReceivedRecord.sends).
  const sendsByKey = new Map<string, number>();
  let answerLog: AnswerRecord[] = [];
  const resetListeners: (() => void)[] = [];

  return {
    get switches() {
      return switches;
    },
    get counters() {
      return counters;
    },
    updateSwitches(patch) {
      switches = { ...switches, ...patch };
      return { ...switches, failRecipients: { ...switches.failRecipients } };
    },
    takeFailNext() {
      if (switches.failNext <= 0) return false;
      switches = { ...switches, failNext: switches.failNext - 1 };
      return true;
    },
    countRequest() {
      counters.requests += 1;
    },
    countRejected() {
      counters.rejected += 1;
    },
    countReceipt(ok) {
      if (ok) counters.receiptsSent += 1;
      else counters.receiptsFailed += 1;
    },
    accept({ idempotencyKey, to, content, deduplicate = true, messageId }) {
      const at = now().toISOString();
      if (detail === "keys") {
        const key = idempotencyKey ?? randomUUID();
        const seen = sendsByKey.get(key);
        const sends = seen === undefined ? 1 : deduplicate ? seen : seen + 1;
        sendsByKey.set(key, sends);
        if (seen === undefined) counters.accepted += 1;
        else {
          counters.duplicates += 1;
          if (!deduplicate) counters.doubleSends += 1;
        }
        const record: ReceivedRecord = {
          idempotencyKey: key,
          to,
          content,
          messageId: messageId ?? derivedMessageId(key),
          firstReceivedAt: at,
          lastReceivedAt: at,
          requests: seen === undefined ? 1 : 2,
          sends,
        };
        return { record, duplicate: seen !== undefined };
      }
      const existing = idempotencyKey === undefined ? undefined : byKey.get(idempotencyKey);
      if (existing) {
        existing.lastReceivedAt = at;
        existing.requests += 1;
        counters.duplicates += 1;
        if (!deduplicate) {
          existing.sends += 1;
          counters.doubleSends += 1;
        }
        return { record: { ...existing }, duplicate: true };
      }
      const record: ReceivedRecord = {
        idempotencyKey: idempotencyKey ?? randomUUID(),
        to,
        content,
        messageId: messageId ?? randomUUID(),
        firstReceivedAt: at,
        lastReceivedAt: at,
        requests: 1,
        sends: 1,
      };
      byKey.set(record.idempotencyKey, record);
      counters.accepted += 1;
      return { record: { ...record }, duplicate: false };
    },
    records() {
      return Array.from(byKey.values(), (record) => ({ ...record }));
    },
    logAnswer(entry) {
      answerLog.push(entry);
      // Trimmed a quarter past the limit, not on every answer: a copy of the whole log per request
      // would cost O(limit) each once it is full.
      if (answerLog.length > ANSWER_LOG_LIMIT * 1.25) answerLog = answerLog.slice(-ANSWER_LOG_LIMIT);
    },
    answers() {
      return answerLog.slice(-ANSWER_LOG_LIMIT).map((a) => ({ ...a }));
    },
    reset() {
      answerLog = [];
      byKey.clear();
      sendsByKey.clear();
      counters = zeroCounters();
      for (const listener of resetListeners) listener();
    },
    onReset(listener) {
      resetListeners.push(listener);
    },
  };
}
