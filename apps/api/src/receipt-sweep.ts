import { applyWaitingReceipts, type Db, findOpenCallbacks, markDeliveryUnknown } from "@dispatcher/db";
import { type DispatcherQueues, enqueueCallbacks } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { DeliveryMetrics } from "./delivery-metrics.js";
import { inBatches, startPeriodic } from "./periodic.js";
import { enqueueNotedCallbacks } from "./status-callbacks.js";

/** Receipts applied, or messages marked unknown, per statement. */
const SWEEP_BATCH = 1_000;
/** How long a receipt that matches no sent message is tried again before it is left unmatched. */
export const RECEIPT_WAIT_MS = 86_400_000;

/**
 * Every `intervalMs`: applies receipts that came before their message was recorded `sent` (see
 * applyWaitingReceipts), then marks messages sent more than `timeoutMs` ago with no receipt as
 * `unknown` (markDeliveryUnknown; only those of `providers` when given), SWEEP_BATCH per statement, enqueuing the status callbacks
 * those changes noted; and enqueues status callbacks noted a minute ago or more and never tried
 * (their job may never have been added). Several API instances
 * may run it at once. Returns a function that stops it and waits for a running pass.
 */
export function startReceiptSweep(
  deps: { db: Db; queues: Pick<DispatcherQueues, "callbacks">; logger: Logger; metrics: DeliveryMetrics },
  options: {
    intervalMs: number;
    timeoutMs: number;
    /** The providers whose messages turn unknown without a receipt; absent: every provider's. */
    providers?: readonly string[];
  },
): () => Promise<void> {
  return startPeriodic(
    { intervalMs: options.intervalMs, logger: deps.logger, failure: "could not sweep delivery receipts" },
    async () => {
      const applied = await inBatches(SWEEP_BATCH, async (limit) => {
        const done = await applyWaitingReceipts(deps.db, { limit, maxAgeMs: RECEIPT_WAIT_MS });
        for (const receipt of done.applied) if (receipt.changed) deps.metrics.changed(receipt.status);
        await enqueueNotedCallbacks(deps, done.callbackIds);
        return done.applied.length;
      });
      const unknown = await inBatches(SWEEP_BATCH, async (limit) => {
        const { ids, callbackIds } = await markDeliveryUnknown(
          deps.db,
          options.timeoutMs,
          limit,
          options.providers,
        );
        deps.metrics.changed("unknown", ids.length);
        await enqueueNotedCallbacks(deps, callbackIds);
        return ids.length;
      });
      await enqueueCallbacks(deps.queues.callbacks, await findOpenCallbacks(deps.db, 60_000, SWEEP_BATCH));
      if (applied > 0 || unknown > 0) deps.logger.info({ applied, unknown }, "delivery receipts swept");
    },
  );
}
