import { CALLBACK_JOB_OPTIONS, type CallbackJobData, callbackJobId } from "@dispatcher/core";
import type { Queue } from "bullmq";

/** Adds one job per status callback (`cb-<id>`, retried per CALLBACK_JOB_OPTIONS; an existing job is kept). */
export async function enqueueCallbacks(queue: Queue<CallbackJobData>, callbackIds: number[]): Promise<void> {
  if (callbackIds.length === 0) return;
  await queue.addBulk(
    callbackIds.map((callbackId) => ({
      name: "callback",
      data: { callbackId },
      opts: { ...CALLBACK_JOB_OPTIONS, jobId: callbackJobId(callbackId) },
    })),
  );
}
