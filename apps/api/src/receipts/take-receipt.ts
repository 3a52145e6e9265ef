import { applyWaitingReceipts, type Db, type ReceiptToStore, recordReceipt } from "@dispatcher/db";
import type { DispatcherQueues } from "@dispatcher/redis";
import type { FastifyBaseLogger } from "fastify";
import type { DeliveryMetrics, ReceiptOutcome } from "../metrics/delivery-metrics.js";
import { enqueueNotedCallbacks } from "./status-callbacks.js";

/**
 * Takes one authenticated delivery receipt, whichever provider sent it: stored once (the same
 * provider id, status and time again is a `duplicate`), applied at once when its message is
 * recorded `sent` (else `waiting`, for the workers' receipt sweep), and the status callbacks it noted
 * enqueued. Counted and logged.
 */
export async function takeReceipt(
  deps: { db: Db; queues: DispatcherQueues; metrics: DeliveryMetrics },
  receipt: ReceiptToStore,
  log: FastifyBaseLogger,
): Promise<ReceiptOutcome> {
  const id = await recordReceipt(deps.db, receipt);
  let outcome: ReceiptOutcome = "duplicate";
  if (id !== undefined) {
    const done = await applyWaitingReceipts(deps.db, { ids: [id], limit: 1 });
    const [applied] = done.applied;
    outcome = !applied ? "waiting" : applied.changed ? "applied" : "superseded";
    if (applied?.changed) deps.metrics.changed(applied.status);
    await enqueueNotedCallbacks({ queues: deps.queues, logger: log }, done.callbackIds);
  }
  deps.metrics.receipt(receipt.status, outcome);
  log.info(
    { providerMessageId: receipt.providerMessageId, status: receipt.status, outcome },
    "delivery receipt",
  );
  return outcome;
}
