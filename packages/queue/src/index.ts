export {
  type Convergence,
  changeDispatcher,
  convergeDispatcher,
  type DispatcherControlDeps,
  reconcileDispatcher,
} from "./dispatcher-control.js";
export { createDispatcherQueues, type DispatcherQueues } from "./dispatcher-queues.js";
export {
  clearProviderPause,
  type ProviderPause,
  pauseSending,
  readProviderPause,
  redisNow,
} from "./provider-pause.js";
export {
  createRedisConnection,
  type RedisConnection,
  type RedisTarget,
  redisTarget,
} from "./redis-connection.js";
export { pingRedis, readEvictionPolicy } from "./redis-health.js";
export {
  applyDispatcherState,
  type Drift,
  readScheduleStatus,
  type ScheduleStatus,
} from "./scheduler-control.js";
export { SEND_BACKOFF_TYPE, SEND_QUEUE_LIMITER, sendJobOptions } from "./send-job-options.js";
export { createSentCache, type SentCache, type SentCacheEntry } from "./sent-cache.js";
