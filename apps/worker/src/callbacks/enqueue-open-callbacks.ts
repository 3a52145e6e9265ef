import type { CallbackJobData } from "@dispatcher/core";
import { type Db, findOpenCallbacks } from "@dispatcher/db";
import { enqueueCallbacks } from "@dispatcher/redis";
import type { Queue } from "bullmq";
import type { HousekeepingJob } from "../housekeeping/housekeeping-job.js";

/** Callbacks enqueued per pass. */
const OPEN_BATCH = 1_000;
/** How long a noted callback may wait for its first try before its job is added again. */
const OPEN_AFTER_MS = 60_000;

/**
 * Every 5 s, enqueues the status callbacks noted a minute ago or more and never tried: their job
 * was never added (Redis was down when their status changed, say). A job that exists is kept.
 */
export function enqueueOpenCallbacksJob(deps: {
  db: Db;
  callbacks: Queue<CallbackJobData>;
}): HousekeepingJob {
  return {
    name: "enqueue-open-callbacks",
    everyMs: 5_000,
    run: async () => {
      await enqueueCallbacks(deps.callbacks, await findOpenCallbacks(deps.db, OPEN_AFTER_MS, OPEN_BATCH));
      // Not counted: most have a job already (adding it again is a no-op), so a count would mislead.
      return {};
    },
  };
}
