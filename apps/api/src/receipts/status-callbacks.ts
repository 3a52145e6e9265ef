import type { CallbackJobData } from "@dispatcher/core";
import { enqueueCallbacks } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { Queue } from "bullmq";

/**
 * Enqueues the status callbacks a delivery-status change just noted (with the change, in one
 * statement: see applyWaitingReceipts and markDeliveryUnknown). Never throws: a callback whose job
 * could not be added (Redis down) stays noted and the receipt sweep enqueues it, so a failure here
 * never fails the receipt or the sweep that changed the status.
 */
export async function enqueueNotedCallbacks(
  deps: { queues: { callbacks: Queue<CallbackJobData> }; logger: Pick<Logger, "warn"> },
  callbackIds: number[],
): Promise<void> {
  try {
    await enqueueCallbacks(deps.queues.callbacks, callbackIds);
  } catch (error) {
    deps.logger.warn(
      { err: error, callbacks: callbackIds.length },
      "could not enqueue status callbacks; the sweep will",
    );
  }
}
