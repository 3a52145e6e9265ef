import type { CallbackJobData, DeliveryStatus } from "@dispatcher/core";
import { applyWaitingReceipts, type Db, getReceiptPolicy, markDeliveryUnknown } from "@dispatcher/db";
import { enqueueCallbacks } from "@dispatcher/redis";
import type { Queue } from "bullmq";
import { type HousekeepingJob, inBatches } from "../housekeeping/housekeeping-job.js";

/** Receipts applied, or messages marked unknown, per statement. */
const SWEEP_BATCH = 1_000;

export interface ReceiptSweepDeps {
  db: Db;
  callbacks: Queue<CallbackJobData>;
  /** Hears every delivery status the sweep changes, by the new status. */
  onStatusChanged: (status: DeliveryStatus, count: number) => void;
}

/**
 * Every 5 s: applies the waiting receipts whose next look is due (see applyWaitingReceipts), then,
 * under the receipt policy the API stored (see setReceiptPolicy), marks messages sent longer ago
 * than its timeout with no receipt `unknown` (markDeliveryUnknown), enqueuing the status callbacks
 * those changes noted. With receipts off it only applies receipts, of which there are none.
 */
export function sweepReceiptsJob(deps: ReceiptSweepDeps): HousekeepingJob {
  return {
    name: "sweep-receipts",
    everyMs: 5_000,
    run: async () => {
      const applied = await inBatches(SWEEP_BATCH, async (limit) => {
        const done = await applyWaitingReceipts(deps.db, { limit });
        for (const receipt of done.applied) if (receipt.changed) deps.onStatusChanged(receipt.status, 1);
        await enqueueCallbacks(deps.callbacks, done.callbackIds);
        return done.applied.length;
      });
      const policy = await getReceiptPolicy(deps.db);
      const unknown = !policy
        ? 0
        : await inBatches(SWEEP_BATCH, async (limit) => {
            const { ids, callbackIds } = await markDeliveryUnknown(deps.db, policy, limit);
            deps.onStatusChanged("unknown", ids.length);
            await enqueueCallbacks(deps.callbacks, callbackIds);
            return ids.length;
          });
      return { applied, unknown };
    },
  };
}
