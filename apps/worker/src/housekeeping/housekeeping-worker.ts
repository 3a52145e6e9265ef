import { HOUSEKEEPING_QUEUE } from "@dispatcher/core";
import type { RedisConnection } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import { type Queue, Worker } from "bullmq";
import type { HousekeepingJob } from "./housekeeping-job.js";

/** How often a worker checks that every housekeeping scheduler still exists (Redis may have lost them). */
const RESCHEDULE_CHECK_MS = 60_000;

export interface HousekeepingOptions {
  queue: Queue;
  /** A blocking connection of its own, for the consumer. */
  connection: RedisConnection;
  prefix: string;
  jobs: readonly HousekeepingJob[];
  logger: Logger;
  /** Hears each pass's end: the job's name and whether it failed. */
  onPass?: (name: string, failed: boolean) => void;
}

/**
 * Runs the housekeeping jobs: keeps one BullMQ job scheduler per job in the housekeeping queue
 * (created at start if missing or of another interval, checked again every minute), and consumes
 * the queue one pass at a time, so each pass runs once per interval across every worker. A failed
 * pass is logged and the next one tries again; there are no retries within an interval.
 */
export function startHousekeeping(options: HousekeepingOptions): { close: () => Promise<void> } {
  const { queue, jobs, logger } = options;
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const ensureScheduled = async () => {
    for (const job of jobs) {
      const scheduler = await queue.getJobScheduler(job.name);
      if (scheduler?.every === job.everyMs) continue;
      // Its first pass at the next multiple of its interval: workers starting together compute
      // the same first job (one id), so none runs twice.
      const startDate = Math.ceil(Date.now() / job.everyMs) * job.everyMs;
      await queue.upsertJobScheduler(
        job.name,
        { every: job.everyMs, startDate },
        {
          name: job.name,
          data: {},
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
        },
      );
    }
  };
  const check = () =>
    ensureScheduled().catch((error: unknown) =>
      logger.warn({ err: error }, "could not schedule housekeeping; checking again in a minute"),
    );
  void check();
  const timer = setInterval(check, RESCHEDULE_CHECK_MS);
  timer.unref();
  const worker = new Worker(
    HOUSEKEEPING_QUEUE,
    async (bullJob) => {
      const job = byName.get(bullJob.name);
      if (!job) return { skipped: `no housekeeping job named ${bullJob.name}` };
      const done = await job.run();
      if (Object.values(done).some((n) => n > 0)) logger.info({ job: job.name, ...done }, "housekeeping");
      return done;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on("completed", (bullJob) => options.onPass?.(bullJob.name, false));
  worker.on("failed", (bullJob, error) => {
    logger.warn({ err: error, job: bullJob?.name }, "housekeeping pass failed; the next one tries again");
    if (bullJob) options.onPass?.(bullJob.name, true);
  });
  worker.on("error", (error) => logger.error({ err: error, queue: HOUSEKEEPING_QUEUE }, "worker error"));
  return {
    close: async () => {
      clearInterval(timer);
      await worker.close();
    },
  };
}
