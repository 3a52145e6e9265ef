import type { ProviderRouting } from "@dispatcher/core";
import {
  ARRIVAL_QUEUE,
  type ArrivalJobData,
  type ArrivalJobResult,
  CALLBACK_QUEUE,
  type CallbackHostResolver,
  type CallbackJobData,
  SEND_QUEUE,
  type SendJobData,
  type SendJobResult,
  TICK_QUEUE,
  type TickJobData,
  type TickJobResult,
} from "@dispatcher/core";
import { type Db, listProviders, markCallbackGaveUp, routingOf } from "@dispatcher/db";
import {
  type BreakerSettings,
  type BreakerView,
  createDispatcherQueues,
  createRedisConnection,
  createSentCache,
  type DispatcherQueues,
  pauseSending,
  pingRedis,
  type RedisTarget,
  recordBreakerOutcomes,
  reserveThroughput,
  SEND_QUEUE_LIMITER,
  sendJobOptions,
} from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import { Worker } from "bullmq";
import { createCallbackJob } from "./callbacks/callback-job.js";
import { enqueueOpenCallbacksJob } from "./callbacks/enqueue-open-callbacks.js";
import { expireMessagesJob } from "./expiry/expire-messages.js";
import { startHousekeeping } from "./housekeeping/housekeeping-worker.js";
import { purgeIntakeKeysJob } from "./intake-keys/purge-intake-keys.js";
import { sweepReceiptsJob } from "./receipts/sweep-receipts.js";
import { eraseMessagesJob } from "./retention/erase-messages.js";
import { createCountryRules } from "./send/country-rules.js";
import { createMessageStore } from "./send/message-store.js";
import { createProviderRouter, type RoutedProvider } from "./send/provider-router.js";
import { createSendBackoff, sendPolicy } from "./send/retry-policy.js";
import { createSendJob } from "./send/send-job.js";
import { noopSendMetrics, type SendMetrics } from "./send/send-metrics.js";
import { createArrivalJob } from "./tick/arrival-job.js";
import { createTickJob } from "./tick/tick-job.js";
import type { HousekeepingMetrics, TickMetrics } from "./worker-metrics.js";

export interface DispatchWorkerOptions {
  db: Db;
  /** Redis URL or cluster seeds. */
  redis: RedisTarget;
  /** The providers this worker sends through (see createProviderAdapter). */
  providers: readonly RoutedProvider[];
  /** Each provider's configured routing, in force until the first read of the stored one. */
  routing: ReadonlyMap<string, ProviderRouting>;
  logger: Logger;
  /**
   * Hears send outcomes, provider call durations, ticks and housekeeping (see createWorkerMetrics).
   * @defaultValue records nothing
   */
  metrics?: SendMetrics & Partial<TickMetrics & HousekeepingMetrics>;
  /** Hears each provider breaker state the worker reads (see createWorkerMetrics). */
  onBreakerState?: (provider: string, view: BreakerView) => void;
  config: {
    queuePrefix: string;
    /** REDIS_COMMAND_TIMEOUT_MS for the producer and cache connection. @defaultValue createRedisConnection's */
    redisCommandTimeoutMs?: number;
    concurrency: number;
    sendAttempts: number;
    sendBackoffMs: number;
    sentCacheTtlSeconds: number;
    orphanAfterMs: number;
    /**
     * SEND_WINDOW: most send jobs left waiting in Redis after a tick's claim (see createTickJob).
     * @defaultValue unlimited
     */
    sendWindow?: number;
    /** PROVIDER_MAX_PAUSE_MS: the longest pause a provider's Retry-After may cause. */
    maxPauseMs: number;
    /**
     * PROVIDER_ROUTING_REFRESH_MS: how often the providers' stored routing and the country rules
     * are read, in ms.
     */
    routingRefreshMs: number;
    /** The providers' circuit breakers (used with several providers). */
    breaker?: BreakerSettings & {
      /** How often this worker reports outcomes to them and reads their state, in ms. @defaultValue 250 */
      reportEveryMs?: number;
    };
    /**
     * Status callbacks (CALLBACK_SIGNING_SECRET set): the secrets they are signed with (current
     * first; see CallbackDeps), whether they may reach private addresses (ALLOW_PRIVATE_CALLBACKS)
     * and how their hosts are resolved. Absent: this worker delivers none.
     */
    callbacks?: {
      secrets: readonly string[];
      allowPrivate: boolean;
      /** Bounded DNS for callback hosts (createCallbackResolver with CALLBACK_DNS_*). */
      resolve: CallbackHostResolver;
      /** How long a client's URL has to answer, in ms. @defaultValue 5000 */
      timeoutMs?: number;
    };
    /**
     * RETENTION_DAYS: final messages unchanged this long have their recipient and content erased
     * by a housekeeping pass (see eraseMessagesJob); 0 keeps them. @defaultValue 0
     */
    retentionDays?: number;
    /** BullMQ's lock duration, stalled-job check interval and stall limit. @defaultValue BullMQ's */
    lockDurationMs?: number;
    stalledIntervalMs?: number;
    maxStalledCount?: number;
  };
}

/** How often a worker waiting out a provider pause checks whether it still holds, in ms. */
const PAUSE_RECHECK_MS = 1_000;

export interface DispatchWorker {
  /** The queues this worker adds to (its producer connection). */
  queues: DispatcherQueues;
  tickWorker: Worker<TickJobData, TickJobResult>;
  arrivalWorker: Worker<ArrivalJobData, ArrivalJobResult>;
  sendWorker: Worker<SendJobData, SendJobResult>;
  /** Resolves when Redis answers PING within `timeoutMs` on the worker's own connection. */
  pingRedis: (timeoutMs: number) => Promise<void>;
  /** Stops taking jobs, waits for running ones to finish, then closes its Redis connections. */
  close: () => Promise<void>;
}

/**
 * One worker process's consumers: the tick queue (one tick at a time), arrival lanes' wake-ups
 * (one at a time, apart from ticks, so an arrival never waits behind a tick's claim), the send queue
 * (`concurrency` sends at a time), status callbacks (when on) and housekeeping (one pass at a
 * time), plus the producer and cache connections they use.
 */
export function createDispatchWorker(options: DispatchWorkerOptions): DispatchWorker {
  const { config, logger } = options;
  const onError = (error: Error) => logger.warn({ err: error.message }, "Redis connection error");
  const client = createRedisConnection(options.redis, "client", {
    onError,
    commandTimeoutMs: config.redisCommandTimeoutMs,
  });
  const blocking = [
    createRedisConnection(options.redis, "blocking", { onError }),
    createRedisConnection(options.redis, "blocking", { onError }),
    createRedisConnection(options.redis, "blocking", { onError }),
    createRedisConnection(options.redis, "blocking", { onError }),
  ] as const;
  const queues = createDispatcherQueues({ connection: client, prefix: config.queuePrefix });
  const cache = createSentCache(client, {
    prefix: config.queuePrefix,
    ttlSeconds: config.sentCacheTtlSeconds,
  });

  const breaker = config.breaker;
  const countryRules = createCountryRules(options.db, { refreshMs: config.routingRefreshMs, logger });
  const router = createProviderRouter({
    providers: options.providers,
    routing: options.routing,
    breakers: breaker && {
      record: (name, outcomes) =>
        recordBreakerOutcomes(queues, { provider: name, outcomes, settings: breaker }),
      settings: breaker,
      reportEveryMs: breaker.reportEveryMs ?? 250,
    },
    logger,
    onBreakerState: options.onBreakerState,
  });
  const stalledSettings = {
    ...(config.lockDurationMs === undefined ? {} : { lockDuration: config.lockDurationMs }),
    ...(config.stalledIntervalMs === undefined ? {} : { stalledInterval: config.stalledIntervalMs }),
    ...(config.maxStalledCount === undefined ? {} : { maxStalledCount: config.maxStalledCount }),
  };
  const claimDeps = {
    db: options.db,
    sendQueue: queues.send,
    logger,
    sendJobOptions: sendJobOptions({ attempts: config.sendAttempts, backoffMs: config.sendBackoffMs }),
    sendWindow: config.sendWindow ?? Number.POSITIVE_INFINITY,
  };
  const tickWorker = new Worker<TickJobData, TickJobResult>(
    TICK_QUEUE,
    createTickJob({ ...claimDeps, orphanAfterMs: config.orphanAfterMs }),
    { connection: blocking[0], prefix: config.queuePrefix, concurrency: 1, ...stalledSettings },
  );
  const arrivalWorker = new Worker<ArrivalJobData, ArrivalJobResult>(
    ARRIVAL_QUEUE,
    createArrivalJob(claimDeps),
    { connection: blocking[3], prefix: config.queuePrefix, concurrency: 1, ...stalledSettings },
  );
  const sendWorker = new Worker<SendJobData, SendJobResult>(
    SEND_QUEUE,
    createSendJob({
      store: createMessageStore({
        db: options.db,
        cache,
        maxSize: config.concurrency,
        maxInFlight: 1,
        candidates: router.candidates,
      }),
      router,
      logger,
      metrics: options.metrics ?? noopSendMetrics,
      pauseSending: (ms, sinceMs) => pauseSending(queues, ms, sinceMs),
      reserveThroughput: (provider, segments, limit, heldPlaceMs) =>
        reserveThroughput(queues, { provider, segments, limit, heldPlaceMs }),
      countryRules: countryRules.current,
      policy: sendPolicy({ maxAttempts: config.sendAttempts, maxPauseMs: config.maxPauseMs }),
    }),
    {
      connection: blocking[1],
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      ...stalledSettings,
      limiter: SEND_QUEUE_LIMITER,
      // A worker waiting out a provider pause looks again this often, so a pause an operator
      // cleared (start or stop) ends within a second on every worker.
      maximumRateLimitDelay: PAUSE_RECHECK_MS,
      settings: { backoffStrategy: createSendBackoff() },
    },
  );
  // Callbacks run on a queue and connection of their own, 10 at a time: a slow or failing client
  // URL never holds up a send.
  const callbackConnection = config.callbacks
    ? createRedisConnection(options.redis, "blocking", { onError })
    : undefined;
  const callbackWorker =
    config.callbacks && callbackConnection
      ? new Worker<CallbackJobData>(
          CALLBACK_QUEUE,
          createCallbackJob({
            db: options.db,
            logger,
            secrets: config.callbacks.secrets,
            allowPrivate: config.callbacks.allowPrivate,
            resolve: config.callbacks.resolve,
            timeoutMs: config.callbacks.timeoutMs ?? 5_000,
          }),
          { connection: callbackConnection, prefix: config.queuePrefix, concurrency: 10 },
        )
      : undefined;
  const housekeeping = startHousekeeping({
    queue: queues.housekeeping,
    connection: blocking[2],
    prefix: config.queuePrefix,
    logger,
    onPass: options.metrics?.countHousekeepingPass,
    jobs: [
      expireMessagesJob(options.db),
      sweepReceiptsJob({
        db: options.db,
        callbacks: queues.callbacks,
        onStatusChanged: (status, count) => options.metrics?.countDeliveryStatusChanges?.(status, count),
      }),
      enqueueOpenCallbacksJob({ db: options.db, callbacks: queues.callbacks }),
      purgeIntakeKeysJob(options.db),
      ...(config.retentionDays
        ? [eraseMessagesJob(options.db, { retentionDays: config.retentionDays, logger })]
        : []),
    ],
  });
  // Routing changed through the API reaches this worker within one refresh.
  const refreshRouting = async () => {
    try {
      router.setRouting(new Map((await listProviders(options.db)).map((row) => [row.name, routingOf(row)])));
    } catch (error) {
      logger.warn({ err: error }, "could not read the providers' routing; keeping the last one read");
    }
  };
  void refreshRouting();
  const routingTimer = setInterval(refreshRouting, config.routingRefreshMs);
  routingTimer.unref();
  for (const worker of [tickWorker, arrivalWorker, sendWorker, ...(callbackWorker ? [callbackWorker] : [])]) {
    worker.on("error", (error) => logger.error({ err: error, queue: worker.name }, "worker error"));
  }
  tickWorker.on("failed", (job, error) => logger.error({ jobId: job?.id, err: error }, "tick failed"));
  // A failed wake-up leaves its lane's messages pending: the next tick claims them.
  arrivalWorker.on("failed", (job, error) =>
    logger.warn({ jobId: job?.id, err: error }, "arrival claim failed; the next tick claims for the lane"),
  );
  tickWorker.on("completed", (job, result) => {
    if (result.ran && job.processedOn && job.finishedOn) {
      options.metrics?.observeTick?.(result.claimed, (job.finishedOn - job.processedOn) / 1_000);
    }
  });
  // A callback whose job failed for good (its tries spent, or stalled too often) stops holding
  // later callbacks of its message back.
  callbackWorker?.on("failed", (job) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      markCallbackGaveUp(options.db, job.data.callbackId).catch((error: unknown) =>
        logger.warn(
          { err: error, callbackId: job.data.callbackId },
          "could not mark a status callback given up",
        ),
      );
    }
  });

  return {
    queues,
    tickWorker,
    arrivalWorker,
    sendWorker,
    pingRedis: (timeoutMs) => pingRedis(client, timeoutMs),
    close: async () => {
      clearInterval(routingTimer);
      countryRules.close();
      await Promise.all([
        tickWorker.close(),
        arrivalWorker.close(),
        sendWorker.close(),
        callbackWorker?.close(),
        housekeeping.close(),
      ]);
      await router.close();
      await queues.close();
      for (const connection of [client, ...blocking, ...(callbackConnection ? [callbackConnection] : [])]) {
        connection.disconnect();
      }
    },
  };
}
