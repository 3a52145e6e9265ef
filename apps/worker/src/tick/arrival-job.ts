import type { ArrivalJobData, ArrivalJobResult } from "@dispatcher/core";
import { claimArrivals, type Db } from "@dispatcher/db";
import { roomInWindow, sendQueueDepth } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { Job, JobsOptions } from "bullmq";
import { enqueueClaims } from "./enqueue-claims.js";
import type { SendQueue } from "./enqueue-sends.js";

export interface ArrivalDeps {
  db: Db;
  sendQueue: SendQueue;
  logger: Logger;
  /** Options of each send job (attempts, backoff). */
  sendJobOptions: JobsOptions;
  /** SEND_WINDOW, as the tick keeps it (see roomInWindow); Infinity: no window. */
  sendWindow: number;
}

/**
 * A wake-up of an arrival lane (intake adds one when it stores due messages in one): claims the
 * lane's oldest due pending messages within its budget and the room in the send window
 * (claimArrivals), and enqueues their send jobs at once (an ahead lane's at the head of the send
 * queue). A stopped dispatcher, a spent budget or a full window claim nothing: the lane's
 * messages wait for a later wake-up or the tick, which claims for arrival lanes every tick.
 */
export function createArrivalJob(deps: ArrivalDeps) {
  return async (job: Job<ArrivalJobData, ArrivalJobResult>): Promise<ArrivalJobResult> => {
    const room = Number.isFinite(deps.sendWindow)
      ? roomInWindow(await sendQueueDepth(deps.sendQueue), deps.sendWindow)
      : undefined;
    const claim = await claimArrivals(deps.db, room, job.data.lane);
    if (!claim || claim.ids.length === 0) return { claimed: 0 };
    await enqueueClaims(
      deps.sendQueue,
      { lanes: claim.lanes, traceContexts: claim.traceContexts, maxLength: claim.messageMaxLength },
      deps.sendJobOptions,
    );
    deps.logger.debug({ jobId: job.id, lane: job.data.lane, claimed: claim.ids.length }, "arrival claim");
    return { claimed: claim.ids.length };
  };
}
