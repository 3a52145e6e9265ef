import { PACE_LIMITS, type SendJobData, type SendJobResult, validateMessageInput } from "@dispatcher/core";
import { type SendingMessage, storableProviderMessageId } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { MESSAGE_ATTRIBUTES, type MessageSpan, providerSpan, sendSpan } from "@dispatcher/telemetry";
import { type Job, RateLimitError, UnrecoverableError } from "bullmq";
import type { MessageStore } from "./message-store.js";
import type { ProviderAcceptance, ProviderMessage } from "./provider-client.js";
import { breakerOutcome, meansOptedOut, type OptOutAnswer, ProviderError } from "./provider-error.js";
import type { ProviderRouter, RoutedProvider } from "./provider-router.js";
import {
  decide,
  noAttemptLeft,
  RetryAfterError,
  type SendDecision,
  type SendPolicy,
} from "./retry-policy.js";
import { providerStatusClass, type SendMetrics } from "./send-metrics.js";

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
  /** ALLOWED_COUNTRIES: a message to a number of any other country fails without a provider call; empty = all. */
  allowedCountries: readonly string[];
  /** PROVIDER_OPT_OUT_STATUS and PROVIDER_OPT_OUT_CODE (see meansOptedOut). */
  optOutAnswer: OptOutAnswer;
  /** Attempts, 429 allowance and pause bounds (see retry-policy.ts). */
  policy: SendPolicy;
  /** Test-only: runs after a provider 2xx, before the send is recorded (see test-only-hooks.ts). */
  afterProviderAccepted?: () => Promise<void>;
}

/**
 * Sends one message. The attempt starts with a conditional `queued|sending → sending` that
 * counts it on the row; a message no longer claimed (already sent or failed) is skipped without a
 * provider call, and one whose attempts are all spent (see noAttemptLeft) is failed without one.
 * A message that breaks the app's rules (a row inserted by hand, content over the limit the tick
 * read from the stored state, or a destination ALLOWED_COUNTRIES no longer allows) is failed
 * before any provider call, as is one to a number on the suppression list; one whose `expiresAt`
 * has passed ends `expired` without one. A provider answer
 * that means the recipient opted out (optOutAnswer) fails the message and adds the number.
 *
 * The attempt goes to the provider the router gives it: the one the message is bound to, unless
 * the previous attempt was definitely refused (or this is its first), when it may go to the other
 * provider (its breaker open, say); a move is recorded before the request. On a 2xx the message
 * becomes `sent` with the provider's message id (made storable), and Redis caches it with the
 * send time. A provider error is decided by the retry policy (decide): a pause of every worker for a 429
 * (no attempt spent), a retry with backoff or the bounded Retry-After, or a failure for good
 * (UnrecoverableError). Every attempt sends the same Idempotency-Key. Errors outside the provider
 * call (Postgres down, say) are retried by BullMQ; the message stays claimed, and if its job ends
 * without an outcome the tick's orphan sweep enqueues it again, where the stored counters still
 * bound its attempts. Each outcome and provider call goes to `metrics`.
 */
export function createSendJob(deps: SendDeps) {
  return (job: Job<SendJobData, SendJobResult>): Promise<SendJobResult> =>
    sendSpan({ id: job.data.messageId, traceparent: job.data.traceparent }, async (span) => {
      const result = await sendOnce(deps, job, span).catch((error: unknown) => {
        span.setAttribute(
          MESSAGE_ATTRIBUTES.outcome,
          error instanceof RateLimitError ? "rate-limited" : "error",
        );
        throw error;
      });
      span.setAttribute(MESSAGE_ATTRIBUTES.outcome, result.outcome);
      return result;
    });
}

/** One attempt of a message (see createSendJob); `span` is the attempt's span. */
async function sendOnce(
  deps: SendDeps,
  job: Job<SendJobData, SendJobResult>,
  span: MessageSpan,
): Promise<SendJobResult> {
  const id = job.data.messageId;
  const log = deps.logger.child({ jobId: job.id, messageId: id });
  const message = await deps.store.startAttempt(id);
  if (!message) {
    log.info("skipped: message is no longer claimed");
    deps.metrics.countOutcome("skipped");
    return { outcome: "skipped", reason: "not claimed" };
  }
  span.setAttribute(MESSAGE_ATTRIBUTES.attempt, message.attempts);
  const exhausted = noAttemptLeft(message, deps.policy);
  if (exhausted) {
    const reason = message.lastError ? `${exhausted}; last error: ${message.lastError}` : exhausted;
    return fail(deps, log, id, reason, {}, message.attempts);
  }
  // A job without a limit was enqueued by a version that did not store one: the largest limit
  // applies (the API validated the content at intake).
  const maxLength = job.data.maxLength ?? PACE_LIMITS.messageMaxLength.max;
  const invalid = validateMessageInput(
    { to: message.recipient, content: message.content },
    maxLength,
    deps.allowedCountries,
  );
  if (invalid.length > 0) {
    return fail(
      deps,
      log,
      id,
      `invalid message: ${invalid.map((e) => `${e.field} ${e.message}`).join("; ")}`,
      {},
      message.attempts,
    );
  }
  if (message.optOutReason !== null) {
    return fail(
      deps,
      log,
      id,
      `recipient is on the suppression list: ${message.optOutReason}`,
      {},
      message.attempts,
    );
  }
  if (message.expiresAt !== null && message.expiresAt.getTime() <= Date.now()) {
    const reason = `expired unsent at ${message.expiresAt.toISOString()}`;
    await deps.store.recordExpired(id, reason);
    log.info({ expiresAt: message.expiresAt }, "expired before its request: not sent");
    deps.metrics.countOutcome("expired");
    return { outcome: "expired", reason };
  }
  const route = deps.router.route(message);
  if ("reason" in route) {
    if (route.retry) throw new Error(route.reason);
    return fail(deps, log, id, route.reason, {}, message.attempts);
  }
  const provider = route.provider;
  span.setAttribute(MESSAGE_ATTRIBUTES.provider, provider.name);
  if (route.moved && !(await deps.store.moveAttempt(id, message.attempts, provider.name))) {
    log.info("skipped: another job took this message over");
    deps.metrics.countOutcome("skipped");
    return { outcome: "skipped", reason: "not claimed" };
  }
  if (provider.name !== message.provider)
    log.info({ from: message.provider, to: provider.name }, "provider moved");
  let accepted: ProviderAcceptance;
  try {
    accepted = await timedSend(deps, provider, route.probe, {
      messageId: id,
      attempt: message.attempts,
      to: message.recipient,
      content: message.content,
      idempotencyKey: message.idempotencyKey,
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return handleProviderError(deps, log, message, error, performance.now());
  }
  await deps.afterProviderAccepted?.();
  const sentAt = new Date();
  const providerMessageId = storableProviderMessageId(accepted.providerMessageId);
  const record = { id, providerMessageId, sentAt, provider: provider.name };
  const recorded = await deps.store.recordSent(record);
  deps.metrics.countOutcome("sent");
  if (recorded) {
    await deps.store.cacheSent(record).catch((error: unknown) => {
      // Postgres has it; the cache is only for fast reads.
      log.warn({ err: error }, "could not cache sent message");
    });
  }
  if (accepted.providerMessageId === null)
    log.warn({ status: accepted.status }, "provider accepted without a messageId");
  else if (providerMessageId !== accepted.providerMessageId) {
    log.warn("provider's messageId had control characters or was too long; stored escaped and cut");
  }
  log.info({ providerMessageId, provider: provider.name, attempt: message.attempts }, "sent");
  return { outcome: "sent", provider: provider.name, providerMessageId, sentAt: sentAt.toISOString() };
}

/** Carries out the retry policy's decision for a provider error; always throws. */
async function handleProviderError(
  deps: SendDeps,
  log: Logger,
  message: SendingMessage,
  error: ProviderError,
  answeredAt: number,
): Promise<never> {
  if (meansOptedOut(error, deps.optOutAnswer)) {
    await deps.store.recordProviderOptOut(message.recipient, error.message);
    const refused = error.refused ? message.attempts : undefined;
    return fail(deps, log, message.id, `recipient opted out at the provider: ${error.message}`, {}, refused);
  }
  let decision: SendDecision = decide(error, message, deps.policy);
  const context = { status: error.status, attempt: message.attempts, retryAfterMs: error.retryAfterMs };
  if (decision.action === "rate-limited") {
    const paused = await deps.pauseSending(decision.pauseMs, performance.now() - answeredAt).then(
      () => true,
      (pauseError: unknown) => {
        log.warn({ err: pauseError }, "could not pause the send queue; retrying this message with backoff");
        return false;
      },
    );
    if (paused) {
      await deps.store.recordAttemptError(message.id, error.message, {
        rateLimited: true,
        refusedAttempt: message.attempts,
      });
      log.warn({ ...context, pauseMs: decision.pauseMs }, "provider rate limit: pausing the send queue");
      deps.metrics.countOutcome("retried");
      throw new RateLimitError();
    }
    // Without the pause this 429 is an ordinary retryable error, spending an attempt.
    decision = decide(
      { message: error.message, retryable: true, retryAfterMs: decision.pauseMs },
      message,
      deps.policy,
    );
  }
  if (decision.action === "fail") {
    return fail(
      deps,
      log,
      message.id,
      decision.reason,
      context,
      error.refused ? message.attempts : undefined,
    );
  }
  // A pause decision was turned into a retry above.
  const delayMs = decision.action === "retry" ? decision.delayMs : decision.pauseMs;
  await deps.store.recordAttemptError(message.id, error.message, {
    refusedAttempt: error.refused ? message.attempts : undefined,
  });
  log.warn({ ...context, delayMs, refused: error.refused }, `will retry: ${error.message}`);
  deps.metrics.countOutcome("retried");
  throw delayMs === undefined ? error : new RetryAfterError(error.message, delayMs);
}

/**
 * Fails the message for good with `reason` and ends its job (UnrecoverableError).
 * `refusedAttempt`: the current attempt made no request, or the provider definitely refused it
 * (see recordAttemptError).
 */
async function fail(
  deps: SendDeps,
  log: Logger,
  id: number,
  reason: string,
  context: Record<string, unknown> = {},
  refusedAttempt?: number,
): Promise<never> {
  await deps.store.recordFailed(id, reason, refusedAttempt);
  log.warn(context, `failed: ${reason}`);
  deps.metrics.countOutcome("failed");
  throw new UnrecoverableError(reason);
}

/**
 * `provider.client.send`, timed on its own: the status class and seconds of the call go to
 * `metrics`, and what it says of the provider's health to its breaker (see breakerOutcome).
 */
async function timedSend(
  deps: Pick<SendDeps, "router" | "metrics">,
  provider: RoutedProvider,
  probe: string | undefined,
  message: ProviderMessage & { messageId: number; attempt: number },
): Promise<ProviderAcceptance> {
  return providerSpan(
    { provider: provider.name, messageId: message.messageId, attempt: message.attempt },
    async (span) => {
      try {
        const accepted = await measuredSend(deps, provider, probe, message);
        span.setAttribute(MESSAGE_ATTRIBUTES.providerStatus, accepted.status);
        return accepted;
      } catch (error) {
        if (error instanceof ProviderError && error.status !== undefined) {
          span.setAttribute(MESSAGE_ATTRIBUTES.providerStatus, error.status);
        }
        throw error;
      }
    },
  );
}

async function measuredSend(
  deps: Pick<SendDeps, "router" | "metrics">,
  provider: RoutedProvider,
  probe: string | undefined,
  message: ProviderMessage,
): Promise<ProviderAcceptance> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1_000;
  try {
    const accepted = await provider.client.send({
      to: message.to,
      content: message.content,
      idempotencyKey: message.idempotencyKey,
    });
    deps.metrics.observeProviderCall(provider.name, providerStatusClass(accepted.status), seconds());
    deps.router.report(provider.name, "ok", probe);
    return accepted;
  } catch (error) {
    const status = error instanceof ProviderError ? error.status : undefined;
    deps.metrics.observeProviderCall(provider.name, providerStatusClass(status), seconds());
    if (status === 429) deps.metrics.countRateLimited?.(provider.name);
    const outcome = error instanceof ProviderError ? breakerOutcome(error) : "failed";
    if (outcome) deps.router.report(provider.name, outcome, probe);
    throw error;
  }
}
