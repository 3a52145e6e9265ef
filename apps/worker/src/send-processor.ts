import type { Logger } from "@dispatcher/config";
import {
  type Database,
  type Kysely,
  markFailed,
  recordAttemptError,
  type SendingMessage,
  type SentRecord,
  validateMessageInput,
} from "@dispatcher/db";
import type { SendJobData, SendJobResult } from "@dispatcher/queue";
import { type Job, RateLimitError, UnrecoverableError } from "bullmq";
import type { ProviderAcceptance, ProviderClient, ProviderMessage } from "./provider-client.js";
import { ProviderError } from "./provider-error.js";
import { providerStatusClass, type SendMetrics } from "./send-metrics.js";

export interface SendDeps {
  /** For the rare writes (a failure, a retryable error); the hot path goes through the three below. */
  db: Kysely<Database>;
  /** `startSending` for one message: its row when the attempt may start, else undefined. */
  startAttempt: (id: number) => Promise<SendingMessage | undefined>;
  /** `markSent` for one message: true when this call recorded it. */
  recordSent: (record: SentRecord) => Promise<boolean>;
  /** Caches a sent message's `{messageId, sentAt}` in Redis. */
  cacheSent: (record: SentRecord) => Promise<void>;
  provider: ProviderClient;
  logger: Logger;
  /** Hears each provider call's duration and each attempt's outcome. */
  metrics: SendMetrics;
  /**
   * Pauses the whole send queue, on every worker, for `ms` (BullMQ's queue rate limit): how a
   * provider's 429 Retry-After is honoured across workers.
   */
  pauseQueue: (ms: number) => Promise<void>;
  /** The app's content limit (MESSAGE_MAX_LENGTH); longer rows are failed, not sent. */
  maxLength: number;
}

/**
 * How many times one job may be put back by a 429 (which costs no attempt) before 429s count as
 * ordinary retryable errors, so a provider that only ever answers 429 still ends in `failed`.
 */
const RATE_LIMITED_ATTEMPTS_FACTOR = 5;

/** Without a Retry-After, a 429 pauses the queue this long. */
const DEFAULT_RATE_LIMIT_MS = 1_000;

/**
 * Sends one message. The attempt starts with a conditional `queued|sending → sending`; a message
 * no longer claimed (already sent or failed) is skipped without a provider call. On a 2xx the
 * message becomes `sent` with the provider's messageId, and Redis caches `{messageId, sentAt}`.
 * A permanent error, or a retryable one on the last attempt, fails the message and the job
 * (UnrecoverableError). Other errors are rethrown for BullMQ to retry; every retry sends the same
 * Idempotency-Key. Any other error (Postgres down, say) is retried too; the message stays claimed.
 * Each attempt's outcome (sent, failed, retried, skipped) and provider call go to `metrics`.
 * A message that breaks the app's rules (a row inserted by hand with an invalid number, say) is
 * failed before any provider call. A 429 pauses the whole queue for Retry-After and puts the job
 * back without spending an attempt (see RATE_LIMITED_ATTEMPTS_FACTOR).
 */
export function createSendProcessor(deps: SendDeps) {
  return async (job: Job<SendJobData, SendJobResult>): Promise<SendJobResult> => {
    const id = job.data.messageId;
    const log = deps.logger.child({ jobId: job.id, messageId: id });
    const message = await deps.startAttempt(id);
    if (!message) {
      log.info("skipped: message is no longer claimed");
      deps.metrics.countOutcome("skipped");
      return { outcome: "skipped", reason: "not claimed" };
    }
    const invalid = validateMessageInput({ to: message.recipient, content: message.content }, deps.maxLength);
    if (invalid.length > 0) {
      const reason = `invalid message: ${invalid.map((e) => `${e.field} ${e.message}`).join("; ")}`;
      await markFailed(deps.db, [{ id, error: reason }]);
      log.warn(`failed: ${reason}`);
      deps.metrics.countOutcome("failed");
      throw new UnrecoverableError(reason);
    }
    try {
      const accepted = await timedSend(deps, {
        to: message.recipient,
        content: message.content,
        idempotencyKey: message.idempotencyKey,
      });
      const sentAt = new Date();
      const record = { id, providerMessageId: accepted.messageId, sentAt };
      const recorded = await deps.recordSent(record);
      deps.metrics.countOutcome("sent");
      if (recorded) {
        await deps.cacheSent(record).catch((error: unknown) => {
          // Postgres has it; the cache is only for fast reads.
          log.warn({ err: error }, "could not cache sent message");
        });
      }
      if (accepted.messageId === null)
        log.warn({ status: accepted.status }, "provider accepted without a messageId");
      log.info({ providerMessageId: accepted.messageId, attempt: message.attempts }, "sent");
      return { outcome: "sent", providerMessageId: accepted.messageId, sentAt: sentAt.toISOString() };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      const attempts = job.opts.attempts ?? 1;
      if (error.status === 429 && job.attemptsStarted <= attempts * RATE_LIMITED_ATTEMPTS_FACTOR) {
        const waitMs = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_MS;
        await deps.pauseQueue(waitMs);
        await recordAttemptError(deps.db, id, error.message);
        log.warn({ status: 429, retryAfterMs: waitMs }, "provider rate limit: pausing the send queue");
        deps.metrics.countOutcome("retried");
        throw new RateLimitError();
      }
      const lastAttempt = job.attemptsMade + 1 >= attempts;
      if (!error.retryable || lastAttempt) {
        const reason = error.retryable
          ? `${error.message} (gave up after ${attempts} attempts)`
          : error.message;
        await markFailed(deps.db, [{ id, error: reason }]);
        log.warn({ status: error.status, attempt: message.attempts }, `failed: ${reason}`);
        deps.metrics.countOutcome("failed");
        throw new UnrecoverableError(reason);
      }
      await recordAttemptError(deps.db, id, error.message);
      log.warn(
        { status: error.status, attempt: message.attempts, retryAfterMs: error.retryAfterMs },
        `will retry: ${error.message}`,
      );
      deps.metrics.countOutcome("retried");
      throw error;
    }
  };
}

/** `provider.send`, timed on its own: the status class and seconds of the call go to `metrics`. */
async function timedSend(
  deps: Pick<SendDeps, "provider" | "metrics">,
  message: ProviderMessage,
): Promise<ProviderAcceptance> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1_000;
  try {
    const accepted = await deps.provider.send(message);
    deps.metrics.observeProviderCall(providerStatusClass(accepted.status), seconds());
    return accepted;
  } catch (error) {
    const status = error instanceof ProviderError ? error.status : undefined;
    deps.metrics.observeProviderCall(providerStatusClass(status), seconds());
    throw error;
  }
}
