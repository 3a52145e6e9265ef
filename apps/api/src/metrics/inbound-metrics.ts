import type { InboundAction } from "@dispatcher/core";
import { Counter, Registry } from "prom-client";

/** How an inbound message ended: its action, or refused (`unauthenticated`: 401, `invalid`: 400). */
export type InboundOutcome = InboundAction | "unauthenticated" | "invalid";

/**
 * Inbound-message counters of this API process, on a registry of their own (GET /metrics adds
 * it): `dispatcher_inbound_messages_total{provider,outcome}`, `provider` the named provider or
 * `webhook` for the generic endpoint. Counters per process: sum them across replicas.
 */
export function createInboundMetrics() {
  const registry = new Registry();
  const messages = new Counter<"provider" | "outcome">({
    name: "dispatcher_inbound_messages_total",
    help: "Inbound messages (recipients' replies) taken by this API, by provider and outcome (stop, start, help, ignored, unauthenticated, invalid).",
    labelNames: ["provider", "outcome"],
    registers: [registry],
  });
  return {
    registry,
    inbound: (provider: string, outcome: InboundOutcome) => messages.inc({ provider, outcome }),
  };
}

export type InboundMetrics = ReturnType<typeof createInboundMetrics>;
