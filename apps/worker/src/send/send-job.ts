import {
  type CountryRules,
  judgeRecipient,
  type SendJobData,
  type SendJobResult,
  scrubMessageText,
  validateMessageInput,
} from "@dispatcher/core";
import { type SendingMessage, storableProviderMessageId } from "@dispatcher/db";
import type { FailedSend, OutgoingMessage, SendOutcome } from "@dispatcher/providers";
import type { ThroughputLimit, ThroughputSlot } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import { MESSAGE_ATTRIBUTES, type MessageSpan, providerSpan, sendSpan } from "@dispatcher/telemetry";
import { DelayedError, type Job, RateLimitError, UnrecoverableError } from "bullmq";
import type { MessageStore } from "./message-store.js";
import type { ProviderRouter, RoutedProvider } from "./provider-router.js";
import {
  decide,
  noAttemptLeft,
  RetryAfterError,
  type SendDecision,
  type SendPolicy,
} from "./retry-policy.js";
import { providerStatusClass, type SendMetrics } from "./send-metrics.js";
import { readFailedSend } from "./send-outcome-policy.js";

export interface SendDeps {
  /** Every write of the send path (see createMessageStore). */
  store: MessageStore;
  /** The providers, and which one an attempt goes to (see createProviderRouter). */
  router: ProviderRouter;
  logger: Logger;
  /** Hears each provider call's duration and each attempt's outcome. */
  metrics: SendMetrics;
  /**
   * Pauses the whole send queue, on every worker, for `ms`, noting that the provider answered
   * `sinceMs` ago (see pauseSending): how a provider's 429 is honoured across workers.
   */
  pauseSending: (ms: number, sinceMs: number) => Promise<void>;
  /**
   * Reserves a slot of a provider's throughput, shared by every worker, or a place in line for
   * one; `heldPlaceMs` keeps the place the attempt holds (see reserveThroughput).
   */
  reserveThroughput: (
    provider: string,
    segments: number,
    limit: ThroughputLimit,
    heldPlaceMs?: number,
  ) => Promise<ThroughputSlot>;
  /**
   * The country rules in force (see createCountryRules): a message its country's rule or its
   * number's blocks fails without a provider call.
   */
  countryRules: () => Promise<CountryRules>;
  /** Attempts, 429 allowance and pause bounds (see retry-policy.ts). */
  policy: SendPolicy;
}

/**
 * Sends one message, at most once per attempt the row counts: an attempt starts with a
 * conditional `queued|sending → sending` (a message no longer claimed is skipped), the checks that
 * need no provider call come first (spent attempts, the app's rules, the suppression list,
 * the country and number rules, expiry), then the router's provider, its throughput slot, and the request; the adapter's outcome
 * decides the rest (send-outcome-policy.ts, carried out by retry-policy.ts). Errors outside the
 * provider call are retried by BullMQ, within the attempts the row counts.
 */
export function createSendJob(deps: SendDeps) {
  return (job: Job<SendJobData, SendJobResult>, token?: string): Promise<SendJobResult> =>
    sendSpan({ id: job.data.messageId, traceparent: job.data.traceparent }, async (span) => {
      const result = await sendOnce(deps, job, { token, span }).catch((error: unknown) => {
        span.setAttribute(
          MESSAGE_ATTRIBUTES.outcome,
          error instanceof RateLimitError
            ? "rate-limited"
            : error instanceof DelayedError
              ? "delayed"
              : "error",
        );
        throw error;
      });
      span.setAttribute(MESSAGE_ATTRIBUTES.outcome, result.outcome);
      return result;
    });
}

/** One attempt at one message, as each step of it reads it. */
interface Attempt {
  deps: SendDeps;
  log: Logger;
  job: Job<SendJobData, SendJobResult>;
  /** The job's lock token (a delay needs it). */
  token: string | undefined;
  /** The message as the attempt started it (see startAttempt). */
  message: SendingMessage;
}

/** One attempt of a message (see createSendJob), in the attempt's `span`. */
async function sendOnce(
  deps: SendDeps,
  job: Job<SendJobData, SendJobResult>,
  run: { token: string | undefined; span: MessageSpan },
): Promise<SendJobResult> {
  const { span } = run;
  const id = job.data.messageId;
  const log = deps.logger.child({ jobId: job.id, messageId: id });
  const message = await deps.store.startAttempt(id);
  if (!message) {
    log.info("skipped: message is no longer claimed");
    deps.metrics.countOutcome("skipped");
    return { outcome: "skipped", reason: "not claimed" };
  }
  const attempt: Attempt = { deps, log, job, token: run.token, message };
  span.setAttribute(MESSAGE_ATTRIBUTES.attempt, message.attempts);
  const exhausted = noAttemptLeft(message, deps.policy);
  if (exhausted) {
    const reason = message.lastError ? `${exhausted}; last error: ${message.lastError}` : exhausted;
    return giveUp(attempt, reason);
  }
  const invalid = validateMessageInput(
    { to: message.recipient, content: message.content },
    job.data.maxLength,
  );
  if (invalid.length > 0) {
    const reason = `invalid message: ${invalid.map((e) => `${e.field} ${e.message}`).join("; ")}`;
    return fail(attempt, reason, { refusedAttempt: message.attempts });
  }
  if (message.optOutReason !== null) {
    const reason = `recipient is on the suppression list: ${message.optOutReason}`;
    return fail(attempt, reason, { refusedAttempt: message.attempts });
  }
  const verdict = judgeRecipient(message.recipient, {
    countries: await deps.countryRules(),
    number: message.numberRule === null ? undefined : { action: message.numberRule, until: null },
    now: new Date(),
  });
  if (verdict.decision === "block") {
    const reason = `refused by the pumping guard (${verdict.refusal.code}): ${verdict.refusal.rule}`;
    return fail(attempt, reason, { refusedAttempt: message.attempts });
  }
  if (message.expiresAt !== null && message.expiresAt.getTime() <= Date.now()) {
    if (!message.providerFree) {
      // Not "unsent": an earlier attempt may have reached its provider. Ended as spent attempts are.
      const reason = `expired at ${message.expiresAt.toISOString()} after an attempt ${message.provider} may have taken`;
      return giveUp(attempt, reason);
    }
    const reason = `expired unsent at ${message.expiresAt.toISOString()}`;
    await deps.store.recordExpired(id, reason);
    log.info({ expiresAt: message.expiresAt }, "expired before its request: not sent");
    deps.metrics.countOutcome("expired");
    return { outcome: "expired", reason };
  }
  // The slot the job holds, when it is for this very attempt (else it was used, or never was).
  const slot = job.data.slot?.attempt === message.attempts ? job.data.slot : undefined;
  const route = deps.router.route(message, slot?.provider);
  if ("reason" in route) {
    if (route.retry) throw new Error(route.reason);
    return fail(attempt, route.reason, { refusedAttempt: message.attempts });
  }
  const provider = route.provider;
  span.setAttribute(MESSAGE_ATTRIBUTES.provider, provider.name);
  let ready: "go" | "skip";
  try {
    ready = await prepareRequest(attempt, provider, { moved: route.moved, slot });
  } catch (error) {
    // Nothing was asked of the provider: its probe goes to the next attempt.
    if (route.probe !== undefined) deps.router.release(provider.name, route.probe);
    throw error;
  }
  if (ready === "skip") {
    if (route.probe !== undefined) deps.router.release(provider.name, route.probe);
    deps.metrics.countOutcome("skipped");
    return { outcome: "skipped", reason: "not claimed" };
  }

  const outgoing: OutgoingMessage = {
    messageId: id,
    to: message.recipient,
    content: message.content,
    reference: message.idempotencyKey,
    expiresAt: message.expiresAt,
  };
  if (!message.providerFree && !provider.adapter.deduplicates) {
    // An earlier attempt may have reached this provider, and it would send a second copy.
    if (provider.adapter.findSent) {
      const found = await findSent(provider, outgoing, message.createdAt);
      if (found) {
        log.info(
          { provider: provider.name },
          "found at the provider from an earlier attempt: not sent again",
        );
        return recordAccepted(attempt, provider, { providerMessageId: found.providerMessageId });
      }
    } else if (!provider.atLeastOnce && message.attempts > 1) {
      const reason = `an earlier attempt may have reached ${provider.name}, which cannot be asked whether it took it and would send it again`;
      return unconfirmed(attempt, reason);
    }
  }

  const outcome = await timedSend(attempt, provider, { outgoing, probe: route.probe });
  if (outcome.outcome === "accepted") return recordAccepted(attempt, provider, outcome);
  // A provider's answer may echo the request: its reason is logged, traced, kept in Redis and
  // stored without the message's number or content.
  const reason = scrubMessageText(outcome.reason, outgoing);
  return handleFailure(attempt, provider, { ...outcome, reason });
}

/**
 * `message` looked for at `provider` since `since` (see ProviderAdapter.findSent, which it must
 * have); rejects, when the provider cannot be asked, with an error whose text (the provider's
 * answer may echo the request) holds neither the message's number nor its content.
 */
async function findSent(provider: RoutedProvider, message: OutgoingMessage, since: Date) {
  try {
    return await provider.adapter.findSent!(message, since);
  } catch (error) {
    throw new Error(scrubMessageText(error instanceof Error ? error.message : String(error), message));
  }
}

/** How late a job may run after its throughput slot began and still use it, in ms. */
const SLOT_GRACE_MS = 1_000;

/**
 * Everything between routing an attempt and its request: the move to the routed provider
 * (`skip` when another job took the message over meanwhile) and the provider's throughput slot
 * (the attempt waits for one: DelayedError). Throws having taken the attempt back when any of it
 * fails, so an error before the request never binds the message or costs an attempt.
 */
async function prepareRequest(
  attempt: Attempt,
  provider: RoutedProvider,
  route: { moved: boolean; slot: SendJobData["slot"] },
): Promise<"go" | "skip"> {
  const { deps, log, message } = attempt;
  const { moved, slot } = route;
  let waiting: { waitMs: number; slot?: SendJobData["slot"] } | undefined;
  try {
    if (moved && !(await deps.store.moveAttempt(message.id, message.attempts, provider.name))) {
      log.info("skipped: another job took this message over");
      return "skip";
    }
    if (provider.name !== message.provider)
      log.info({ from: message.provider, to: provider.name }, "provider moved");
    waiting = await throughputWait(attempt, provider, slot?.provider === provider.name ? slot : undefined);
  } catch (error) {
    await deps.store.undoAttempt(message.id, message.attempts).catch(() => false);
    throw error;
  }
  if (!waiting) return "go";
  deps.metrics.countThrottled?.(provider.name);
  return waitAndRetry(attempt, { ...waiting, why: `${provider.name} is at its throughput limit` });
}

/**
 * How long the attempt must wait for `provider`'s throughput, if it must: none without a limit,
 * or with a slot `held` for it that has begun (and not more than SLOT_GRACE_MS ago: a later one
 * could fire together with others after a pause, so a new slot is taken); until the held slot
 * when the job ran early; else a new slot's wait, or, when none could be reserved (the bucket is
 * full for longer than its horizon), until it should ask again, holding its place in line (the
 * place `held` is kept).
 */
async function throughputWait(
  { deps, message }: Attempt,
  provider: RoutedProvider,
  held: SendJobData["slot"],
): Promise<{ waitMs: number; slot?: SendJobData["slot"] } | undefined> {
  const limit = deps.router.routing(provider.name);
  if (limit.maxPerSecond <= 0) return undefined;
  const now = Date.now();
  if (held && !held.inLine) {
    if (now < held.at) return { waitMs: held.at - now, slot: held };
    if (now <= held.at + SLOT_GRACE_MS) return undefined;
  }
  const reserved = await deps.reserveThroughput(
    provider.name,
    message.segments ?? 1,
    { perSecond: limit.maxPerSecond, burst: limit.burst },
    held?.inLine ? held.at - now : undefined,
  );
  if (reserved.waitMs <= 0) return undefined;
  const slot = { provider: provider.name, attempt: message.attempts, at: now + reserved.waitMs };
  if (reserved.reserved) return { waitMs: reserved.waitMs, slot };
  return { waitMs: reserved.askAgainMs, slot: { ...slot, inLine: true } };
}

/**
 * Ends a message whose attempts are spent: `failed`, unless an earlier attempt may have reached a
 * provider that does not deduplicate, when sending it was perhaps done: found again there it is
 * recorded `sent`; where it cannot be looked for (or the lookup fails) it ends `unconfirmed`,
 * unless the provider is at-least-once.
 */
async function giveUp(attempt: Attempt, reason: string): Promise<SendJobResult> {
  const { deps, log, message } = attempt;
  const bound = message.providerFree ? undefined : deps.router.find(message.provider);
  if (!bound || bound.adapter.deduplicates || bound.atLeastOnce) {
    return fail(attempt, reason, { refusedAttempt: message.attempts });
  }
  if (bound.adapter.findSent) {
    const outgoing = {
      messageId: message.id,
      to: message.recipient,
      content: message.content,
      reference: message.idempotencyKey,
      expiresAt: message.expiresAt,
    };
    const found = await findSent(bound, outgoing, message.createdAt).catch((error: unknown) => {
      log.warn({ err: error, provider: bound.name }, "could not look for the message at the provider");
      return null;
    });
    if (found) return recordAccepted(attempt, bound, found);
    if (found === undefined) {
      return fail(attempt, `${reason}; not found at ${bound.name}`, { refusedAttempt: message.attempts });
    }
  }
  return unconfirmed(attempt, `${reason}; an earlier attempt may have reached ${bound.name}`);
}

/**
 * Takes back the attempt just started (it made no request, so it costs none of the message's
 * attempts) and delays the job by `waitMs`, holding no concurrency meanwhile; `slot` is the
 * throughput slot reserved for the attempt, which the job carries so it sends without another.
 */
async function waitAndRetry(
  { deps, log, job, token, message }: Attempt,
  wait: { waitMs: number; why: string; slot?: SendJobData["slot"] },
): Promise<never> {
  const { waitMs, why, slot } = wait;
  if (!(await deps.store.undoAttempt(message.id, message.attempts))) {
    // Another job took the message over meanwhile; this one has nothing left to do.
    throw new UnrecoverableError("the message is no longer on this attempt");
  }
  if (slot || job.data.slot) await job.updateData({ ...job.data, slot });
  log.debug({ waitMs }, `waiting: ${why}`);
  await job.moveToDelayed(Date.now() + waitMs, token);
  throw new DelayedError();
}

/** Records an acceptance: `sent` with the provider's id, cached in Redis; answers the job's result. */
async function recordAccepted(
  { deps, log, message }: Attempt,
  provider: RoutedProvider,
  accepted: { providerMessageId: string | null; segments?: number },
): Promise<SendJobResult> {
  const sentAt = new Date();
  const providerMessageId = storableProviderMessageId(accepted.providerMessageId);
  const record = { id: message.id, providerMessageId, sentAt, provider: provider.name };
  const recorded = await deps.store.recordSent({ ...record, segments: accepted.segments });
  deps.metrics.countOutcome("sent");
  if (recorded) {
    await deps.store.cacheSent(record).catch((error: unknown) => {
      // Postgres has it; the cache is only for fast reads.
      log.warn({ err: error }, "could not cache sent message");
    });
  }
  if (accepted.providerMessageId === null) log.warn("provider accepted without a message id");
  else if (providerMessageId !== accepted.providerMessageId) {
    log.warn("provider's message id had control characters or was too long; stored escaped and cut");
  }
  log.info({ providerMessageId, provider: provider.name, attempt: message.attempts }, "sent");
  return { outcome: "sent", provider: provider.name, providerMessageId, sentAt: sentAt.toISOString() };
}

/** Carries out what a failed attempt means (see readFailedSend and decide); always throws. */
async function handleFailure(
  attempt: Attempt,
  provider: RoutedProvider,
  outcome: FailedSend,
): Promise<never> {
  const answeredAt = performance.now();
  const { deps, log, message } = attempt;
  const meaning = readFailedSend(outcome, {
    deduplicates: provider.adapter.deduplicates,
    findable: provider.adapter.findSent !== undefined,
    atLeastOnce: provider.atLeastOnce,
    reachableElsewhere: deps.router.reachesElsewhere(message.recipient, provider.name),
  });
  const refusedAttempt = meaning.refused ? message.attempts : undefined;
  if (outcome.outcome === "invalid-recipient" && outcome.optedOut) {
    await deps.store.recordProviderOptOut(message.recipient, outcome.reason, outcome.code);
  }
  if (!meaning.resendable) return unconfirmed(attempt, outcome.reason);
  let decision: SendDecision = decide(meaning.failure, message, deps.policy);
  const status = "status" in outcome ? outcome.status : undefined;
  const context = { status, attempt: message.attempts, retryAfterMs: meaning.failure.retryAfterMs };
  if (decision.action === "rate-limited") {
    const paused = await deps.pauseSending(decision.pauseMs, performance.now() - answeredAt).then(
      () => true,
      (pauseError: unknown) => {
        log.warn({ err: pauseError }, "could not pause the send queue; retrying this message with backoff");
        return false;
      },
    );
    if (paused) {
      await deps.store.recordAttemptError(message.id, outcome.reason, {
        rateLimited: true,
        refusedAttempt: message.attempts,
      });
      log.warn({ ...context, pauseMs: decision.pauseMs }, "provider rate limit: pausing the send queue");
      deps.metrics.countOutcome("retried");
      throw new RateLimitError();
    }
    // Without the pause this 429 is an ordinary retryable error, spending an attempt.
    decision = decide(
      { message: outcome.reason, kind: "retryable", retryAfterMs: decision.pauseMs },
      message,
      deps.policy,
    );
  }
  if (decision.action === "fail") {
    // The last attempt may have reached a provider that would send it again: not known failed.
    if (!meaning.refused && !provider.adapter.deduplicates) return unconfirmed(attempt, decision.reason);
    return fail(attempt, decision.reason, { context, refusedAttempt });
  }
  // A pause decision was turned into a retry above.
  const delayMs = decision.action === "retry" ? decision.delayMs : decision.pauseMs;
  await deps.store.recordAttemptError(message.id, outcome.reason, { refusedAttempt });
  log.warn({ ...context, delayMs, refused: meaning.refused }, `will retry: ${outcome.reason}`);
  deps.metrics.countOutcome("retried");
  throw delayMs === undefined ? new Error(outcome.reason) : new RetryAfterError(outcome.reason, delayMs);
}

/**
 * Fails the message for good with `reason` and ends its job (UnrecoverableError), logging
 * `context`. `refusedAttempt`: the current attempt made no request, or the provider definitely
 * refused it (see recordAttemptError).
 */
async function fail(
  { deps, log, message }: Attempt,
  reason: string,
  details: { context?: Record<string, unknown>; refusedAttempt?: number } = {},
): Promise<never> {
  await deps.store.recordFailed(message.id, reason, details.refusedAttempt);
  log.warn(details.context ?? {}, `failed: ${reason}`);
  deps.metrics.countOutcome("failed");
  throw new UnrecoverableError(reason);
}

/** Ends the message `unconfirmed` (it may have been sent) and its job. */
async function unconfirmed({ deps, log, message }: Attempt, reason: string): Promise<never> {
  await deps.store.recordUnconfirmed(message.id, reason);
  log.warn(`unconfirmed: ${reason}`);
  deps.metrics.countOutcome("unconfirmed");
  throw new UnrecoverableError(`unconfirmed: ${reason}`);
}

/**
 * `provider.adapter.send`, timed on its own: the status class and seconds of the call go to
 * `metrics`, and what it says of the provider's health to its breaker.
 */
async function timedSend(
  { deps, message }: Attempt,
  provider: RoutedProvider,
  request: { outgoing: OutgoingMessage; probe: string | undefined },
): Promise<SendOutcome> {
  const { probe } = request;
  const spanOf = { provider: provider.name, messageId: message.id, attempt: message.attempts };
  return providerSpan(spanOf, async (span) => {
    const started = performance.now();
    const outcome = await provider.adapter.send(request.outgoing);
    const status = "status" in outcome ? outcome.status : undefined;
    if (status !== undefined) span.setAttribute(MESSAGE_ATTRIBUTES.providerStatus, status);
    deps.metrics.observeProviderCall(
      provider.name,
      providerStatusClass(status),
      (performance.now() - started) / 1_000,
    );
    if (outcome.outcome === "accepted") {
      deps.router.report(provider.name, "ok", probe);
    } else {
      if (outcome.outcome === "rate-limited") deps.metrics.countRateLimited?.(provider.name);
      const { breaker } = readFailedSend(outcome, {
        deduplicates: true,
        findable: false,
        atLeastOnce: false,
      });
      if (breaker) deps.router.report(provider.name, breaker, probe);
      // A 429 is an answer: the provider is up. A name that did not resolve asked nothing of it.
      else if (probe !== undefined && outcome.outcome === "rate-limited")
        deps.router.report(provider.name, "ok", probe);
      else if (probe !== undefined) deps.router.release(provider.name, probe);
    }
    return outcome;
  });
}
