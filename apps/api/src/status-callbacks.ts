import type { CallbackJobData } from "@dispatcher/core";
import { type Db, noteStatusCallbacks } from "@dispatcher/db";
import { enqueueCallbacks } from "@dispatcher/redis";
import type { Queue } from "bullmq";

/**
 * After messages' delivery statuses changed: notes the status callbacks owed to those with a
 * callbackUrl (at most one per message and status) and enqueues them (see enqueueCallbacks). A
 * callback noted whose job could not be enqueued (Redis down) is enqueued by the receipt sweep.
 */
export async function announceStatusChanges(
  deps: { db: Db; queues: { callbacks: Queue<CallbackJobData> } },
  messageIds: number[],
): Promise<void> {
  await enqueueCallbacks(deps.queues.callbacks, await noteStatusCallbacks(deps.db, messageIds));
}
