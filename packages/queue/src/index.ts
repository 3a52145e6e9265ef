export { changeDispatcher, type DispatcherControlDeps, reconcileDispatcher } from "./dispatcher-control.js";
export { createDispatcherQueues, type DispatcherQueues } from "./dispatcher-queues.js";
export * from "./queue-names.js";
export {
  createRedisConnection,
  type RedisConnection,
  type RedisTarget,
  redisTarget,
} from "./redis-connection.js";
export { pingRedis } from "./redis-health.js";
export { applyDispatcherState, readScheduleStatus, type ScheduleStatus } from "./scheduler-control.js";
export { SEND_BACKOFF_TYPE, sendJobOptions } from "./send-job-options.js";
export { createSentCache, type SentCache, type SentCacheEntry } from "./sent-cache.js";
