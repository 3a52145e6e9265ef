import type { DeliveryStatus } from "@dispatcher/core";
import { Counter, Registry } from "prom-client";

/** How receipts were taken: applied to their message, older than its status, waiting for it, or a duplicate. */
export type ReceiptOutcome = "applied" | "superseded" | "waiting" | "duplicate";

/**
 * Delivery counters of this API process, on a registry of their own (GET /metrics adds it):
 * `dispatcher_receipts_total{status,outcome}` for every receipt taken, and
 * `dispatcher_delivery_status_changes_total{status}` for every message whose delivery status a
 * receipt taken here changed (the workers' receipt sweep counts its own changes, `unknown` among
 * them, under the same name). Counters per process: sum them across replicas.
 */
export function createDeliveryMetrics() {
  const registry = new Registry();
  const receipts = new Counter<"status" | "outcome">({
    name: "dispatcher_receipts_total",
    help: "Delivery receipts taken by this API, by reported status and outcome.",
    labelNames: ["status", "outcome"],
    registers: [registry],
  });
  const changes = new Counter<"status">({
    name: "dispatcher_delivery_status_changes_total",
    help: "Messages whose delivery status changed, by the new status (unknown: no receipt in time)",
    labelNames: ["status"],
    registers: [registry],
  });
  return {
    registry,
    receipt: (status: string, outcome: ReceiptOutcome) => receipts.inc({ status, outcome }),
    changed: (status: DeliveryStatus, count = 1) => {
      if (count > 0) changes.inc({ status }, count);
    },
  };
}

export type DeliveryMetrics = ReturnType<typeof createDeliveryMetrics>;
