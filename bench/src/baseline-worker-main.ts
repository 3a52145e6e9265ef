// A worker process whose send processor does nothing: BullMQ's own ceiling on this machine. It
// consumes the app's send queue (QUEUE_PREFIX) with WORKER_CONCURRENCY, like apps/worker's send
// consumer, and prints `{"baseline":{completed,firstAt,lastAt}}` on stdout every 250 ms and on exit.

import { loadWorkerConfig } from "@dispatcher/config";
import { SEND_QUEUE, type SendJobData, type SendJobResult } from "@dispatcher/core";
import { ADAPTER_SETTINGS_CHECK } from "@dispatcher/providers";
import { createRedisConnection } from "@dispatcher/redis";
import { createLogger, onShutdownSignal } from "@dispatcher/runtime";
import { Worker } from "bullmq";

const config = loadWorkerConfig(ADAPTER_SETTINGS_CHECK);
const logger = createLogger({ name: "baseline-worker", level: config.LOG_LEVEL, pretty: false });
const connection = createRedisConnection(config.REDIS_URL, "blocking");

let completed = 0;
let firstAt = 0;
let lastAt = 0;
const worker = new Worker<SendJobData, SendJobResult>(
  SEND_QUEUE,
  async () => ({ outcome: "skipped", reason: "no-op baseline" }),
  { connection, prefix: config.QUEUE_PREFIX, concurrency: config.WORKER_CONCURRENCY },
);
worker.on("completed", () => {
  const now = Date.now();
  if (completed === 0) firstAt = now;
  completed++;
  lastAt = now;
});
worker.on("error", (error) => logger.error({ err: error }, "worker error"));

const report = () =>
  process.stdout.write(`${JSON.stringify({ baseline: { completed, firstAt, lastAt } })}\n`);
const timer = setInterval(report, 250);
await worker.waitUntilReady();
logger.info({ concurrency: config.WORKER_CONCURRENCY, prefix: config.QUEUE_PREFIX }, "worker started");

onShutdownSignal(logger, 10_000, async () => {
  clearInterval(timer);
  await worker.close();
  report();
  connection.disconnect();
});
