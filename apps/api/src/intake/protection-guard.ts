import {
  countryOfNumber,
  DEFAULT_LANE,
  judgeRecipient,
  type KeyQuota,
  type ProtectionLimits,
  type RecipientCaps,
  type RecipientVerdict,
  type Refusal,
  recipientHash,
} from "@dispatcher/core";
import { type Db, recordProtectionDecision } from "@dispatcher/db";
import { type CounterCharge, chargeCounters, type DispatcherQueues, refundCounters } from "@dispatcher/redis";
import type { AppSettings } from "../app-deps.js";
import { type FieldError, HttpError } from "../http/error-handler.js";
import type { HttpMetrics } from "../metrics/http-metrics.js";
import type { IntakeReads } from "./intake-reads.js";

/** What the guard needs: the stored rules, the shared counters, and who hears its decisions. */
export interface GuardDeps {
  db: Db;
  /** RECIPIENT_HASH_KEY: counters are named by keyed digests, never by a number or a text. */
  settings: Pick<AppSettings, "recipientHashKey">;
  queues: Pick<DispatcherQueues, "redis" | "send">;
  metrics?: Pick<HttpMetrics, "countProtection">;
}

/** A message as the guard judges it. */
export interface GuardedMessage {
  to: string;
  content: string;
  priority?: string;
}

/** What the guard let in: give its counts back with `release` when nothing was stored. */
export interface Admission {
  release: () => Promise<void>;
  /** Records (audit trail and metric) the messages a monitor rule let through, once they are stored. */
  recordMonitored: () => Promise<void>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How long Retry-After says to wait when the counters cannot be reached, in seconds. */
const UNAVAILABLE_RETRY_SECONDS = 5;

/** The counter a charge adds to, and what passing it means. */
interface PlannedCharge extends CounterCharge {
  refusal: Refusal;
}

/**
 * The counters one message adds to at `now` (fixed windows: the clock hour, the UTC day): its
 * recipient's caps (its lane's own when it has them, counted apart; none for a number with an allow
 * rule), and its API key's quotas (international: a number of no home country, when home
 * countries are set). A limit of 0 adds no counter.
 */
function chargesOf(
  message: GuardedMessage,
  context: {
    limits: ProtectionLimits;
    actor: string;
    verdict: RecipientVerdict;
    now: number;
    /** A short keyed digest of a number, a content or a key name (see recipientHash). */
    digest: (text: string) => string;
  },
): PlannedCharge[] {
  const { limits, actor, verdict, now, digest } = context;
  const lane = message.priority ?? DEFAULT_LANE;
  const ownCaps = Object.hasOwn(limits.laneRecipient, lane);
  const caps: RecipientCaps = ownCaps ? limits.laneRecipient[lane]! : limits.recipient;
  const scope = ownCaps ? `lane-${lane}` : "all";
  const hour = Math.floor(now / HOUR_MS);
  const day = Math.floor(now / DAY_MS);
  const hourEnds = (hour + 1) * HOUR_MS;
  const dayEnds = (day + 1) * DAY_MS;
  const to = digest(message.to);
  const charges: PlannedCharge[] = [];
  const add = (name: string, limit: number, windowEndsAt: number, refusal: Refusal) => {
    if (limit > 0) charges.push({ name, limit, amount: 1, windowEndsAt, refusal });
  };
  const capsOf = ownCaps ? `lane ${lane}'s recipient caps` : "recipient caps";
  if (!(verdict.decision === "allow" && verdict.override)) {
    add(`recipient:${scope}:h${hour}:${to}`, caps.perHour, hourEnds, {
      code: "recipient_hourly_cap",
      rule: `${capsOf}: at most ${caps.perHour} messages per recipient per hour`,
    });
    add(`recipient:${scope}:d${day}:${to}`, caps.perDay, dayEnds, {
      code: "recipient_daily_cap",
      rule: `${capsOf}: at most ${caps.perDay} messages per recipient per day (UTC)`,
    });
    add(`content:${scope}:h${hour}:${to}:${digest(message.content)}`, caps.sameContentPerHour, hourEnds, {
      code: "same_content_hourly_cap",
      rule: `${capsOf}: at most ${caps.sameContentPerHour} messages with the same content per recipient per hour`,
    });
  }
  const ownQuota = Object.hasOwn(limits.keys, actor);
  const quota: KeyQuota = ownQuota ? limits.keys[actor]! : limits.key;
  const whose = ownQuota ? `API key ${actor}'s own quota` : "API key quota";
  const keyName = digest(actor);
  add(`key:d${day}:${keyName}`, quota.perDay, dayEnds, {
    code: "key_daily_quota",
    rule: `${whose}: at most ${quota.perDay} messages per day (UTC)`,
  });
  const country = countryOfNumber(message.to);
  if (limits.homeCountries.length > 0 && !limits.homeCountries.includes(country ?? "")) {
    add(`key-international:d${day}:${keyName}`, quota.internationalPerDay, dayEnds, {
      code: "key_international_daily_quota",
      rule: `${whose}: at most ${quota.internationalPerDay} international messages per day (UTC; home: ${limits.homeCountries.join(", ")})`,
    });
  }
  return charges;
}

/**
 * The pumping guard at intake, run after every other rule and the suppression list and before
 * anything is stored. All or nothing for a request:
 * 1. each recipient is judged by its number's rule, else its country's (judgeRecipient): any
 *    blocked one refuses the request, 403 with the code and rule (every such item named);
 * 2. every message's caps and quotas are counted in Redis, all at once (chargeCounters): one
 *    that would pass a limit refuses the request, 429 with the code, the rule, Retry-After
 *    (when its window ends) and that limit's RateLimit headers, and counts nothing; Redis unreachable refuses it, 503
 *    `protection_unavailable` (fail closed), unless no cap or quota is set at all.
 * A refusal is counted in the metric and audited. The admission's `release` gives the counts
 * back when the messages are not stored after all. The rules are `rules`, as readIntake read them.
 */
export async function admitMessages(
  deps: GuardDeps,
  items: readonly GuardedMessage[],
  request: { actor: string; bulk: boolean; rules: Pick<IntakeReads, "protection" | "numberRules"> },
): Promise<Admission> {
  const { protection, numberRules } = request.rules;
  const nowDate = new Date();
  const verdicts = items.map((m) =>
    judgeRecipient(m.to, { countries: protection.countries, number: numberRules.get(m.to), now: nowDate }),
  );
  const refuse = async (error: HttpError, messages: number) => {
    const refusal = error.refused!;
    deps.metrics?.countProtection("refused", refusal.code, messages);
    await recordProtectionDecision(deps.db, {
      actor: request.actor,
      decision: "refused",
      code: refusal.code,
      rule: refusal.rule ?? "",
      messages,
    });
    throw error;
  };

  const blocked: FieldError[] = [];
  let firstBlock: Refusal | undefined;
  for (const [index, verdict] of verdicts.entries()) {
    if (verdict.decision !== "block") continue;
    firstBlock ??= verdict.refusal;
    const message = `is refused: ${verdict.refusal.rule}`;
    blocked.push(request.bulk ? { index, field: "to", message } : { field: "to", message });
  }
  if (firstBlock) {
    const where = blocked[0]!.index === undefined ? "" : `messages[${blocked[0]!.index}].`;
    const more = blocked.length > 1 ? `; and ${blocked.length - 1} more` : "";
    await refuse(
      new HttpError(403, `${where}to ${blocked[0]!.message}${more}`, blocked, firstBlock),
      items.length,
    );
  }

  const now = nowDate.getTime();
  const digest = (text: string) => recipientHash(deps.settings.recipientHashKey, text).slice(0, 32);
  const charges = items.flatMap((m, i) =>
    chargesOf(m, { limits: protection.limits, actor: request.actor, verdict: verdicts[i]!, now, digest }),
  );
  let result: Awaited<ReturnType<typeof chargeCounters>> = { charged: true };
  try {
    result = await chargeCounters(deps.queues as DispatcherQueues, charges);
  } catch {
    const refusal = {
      code: "protection_unavailable",
      rule: "caps and quotas are counted in Redis, which did not answer: nothing is stored until it does",
      retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
    };
    // Counted, not audited: the audit trail is not where an outage shows.
    deps.metrics?.countProtection("refused", refusal.code, items.length);
    throw new HttpError(503, `cannot count caps and quotas now; try again later`, [], refusal);
  }
  if (!result.charged) {
    const charge = charges.find((c) => c.name === result.name)!;
    const retryAfterSeconds = Math.max(1, Math.ceil((charge.windowEndsAt - now) / 1_000));
    await refuse(
      new HttpError(429, `refused by ${charge.refusal.rule}; try again in ${retryAfterSeconds} s`, [], {
        ...charge.refusal,
        retryAfterSeconds,
        quota: { limit: charge.limit, remaining: Math.max(0, charge.limit - result.used) },
      }),
      items.length,
    );
  }

  const monitored = verdicts.flatMap((v) => (v.decision === "monitor" ? [v] : []));
  return {
    release: () => refundCounters(deps.queues as DispatcherQueues, charges),
    recordMonitored: async () => {
      if (monitored.length === 0) return;
      deps.metrics?.countProtection("monitored", "country_monitored", monitored.length);
      await recordProtectionDecision(deps.db, {
        actor: request.actor,
        decision: "monitored",
        code: "country_monitored",
        rule: [...new Set(monitored.map((v) => v.rule))].join("; "),
        messages: monitored.length,
      });
    },
  };
}
