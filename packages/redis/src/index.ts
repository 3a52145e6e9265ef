export { enqueueCallbacks } from "./callback-queue.js";
/**
 * @dispatcher/redis: everything the dispatcher keeps in Redis: connections, the BullMQ queues and
 * the tick scheduler, the provider pause, the sent cache and health checks. It knows nothing of
 * Postgres.
 */
export { createDispatcherQueues, type DispatcherQueues } from "./dispatcher-queues.js";
export {
  type ChargeResult,
  type CounterCharge,
  chargeCounters,
  refundCounters,
} from "./protection-counters.js";
export {
  type BreakerOutcomes,
  type BreakerSettings,
  type BreakerState,
  type BreakerView,
  breakerKey,
  readBreakerState,
  recordBreakerOutcomes,
} from "./provider-breaker.js";
export {
  clearProviderPause,
  type ProviderPause,
  pauseSending,
  readProviderPause,
  redisNow,
} from "./provider-pause.js";
export {
  reserveThroughput,
  THROUGHPUT_HORIZON_MS,
  type ThroughputLimit,
  type ThroughputSlot,
  throughputKey,
} from "./provider-throughput.js";
export {
  createRedisConnection,
  type RedisConnection,
  type RedisTarget,
  redisTarget,
} from "./redis-connection.js";
export { pingRedis, readEvictionPolicy } from "./redis-health.js";
export {
  applyDispatcherState,
  type DesiredSchedule,
  type Drift,
  readScheduleStatus,
  type ScheduleStatus,
  tickIntervalMs,
} from "./scheduler-control.js";
export { SEND_BACKOFF_TYPE, SEND_QUEUE_LIMITER, sendJobOptions } from "./send-job-options.js";
export { type JobPresence, readJobPresence } from "./send-job-presence.js";
export { roomInWindow, sendQueueDepth } from "./send-queue-window.js";
export { createSentCache, type SentCache, type SentCacheEntry } from "./sent-cache.js";
