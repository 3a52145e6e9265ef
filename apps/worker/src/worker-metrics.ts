import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import {
  PROVIDER_STATUS_CLASSES,
  type ProviderStatusClass,
  SEND_OUTCOMES,
  type SendMetrics,
  type SendOutcome,
} from "./send/send-metrics.js";

/**
 * Provider latency buckets in seconds: an SMS provider usually answers in tens to hundreds of
 * milliseconds; the top buckets catch slow answers up to the default 10 s timeout and beyond.
 */
export const PROVIDER_LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A worker process's metrics: its own registry (never prom-client's global one) and the send hooks. */
export interface WorkerMetrics extends SendMetrics {
  /** Holds every metric below; render it with `registry.metrics()`. */
  registry: Registry;
}

/**
 * Builds a worker's metrics on a fresh Registry:
 * - `dispatcher_messages_total{outcome="sent|failed|retried|skipped|expired"}` (counter; see SendMetrics);
 * - `dispatcher_provider_request_duration_seconds{status_class="2xx|3xx|4xx|5xx|error"}`
 *   (histogram, PROVIDER_LATENCY_BUCKETS);
 * - Node's process metrics (CPU, memory, event loop, GC) prefixed `dispatcher_worker_`.
 * Every outcome and status class is exported from the start (at zero), so rates exist before the
 * first event. Each call starts its own default-metrics collectors: call it once per process.
 */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "dispatcher_worker_" });
  const messages = new Counter<"outcome">({
    name: "dispatcher_messages_total",
    help: "Send attempts by outcome: sent (provider accepted), failed (for good), retried, skipped (not claimed), expired (its expiresAt passed before its request)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const providerDuration = new Histogram<"status_class">({
    name: "dispatcher_provider_request_duration_seconds",
    help: "Duration of provider calls in seconds, by HTTP status class (error: no answer)",
    labelNames: ["status_class"],
    buckets: PROVIDER_LATENCY_BUCKETS,
    registers: [registry],
  });
  for (const outcome of SEND_OUTCOMES) messages.inc({ outcome }, 0);
  for (const statusClass of PROVIDER_STATUS_CLASSES) providerDuration.zero({ status_class: statusClass });

  return {
    registry,
    observeProviderCall: (statusClass: ProviderStatusClass, seconds: number) =>
      providerDuration.observe({ status_class: statusClass }, seconds),
    countOutcome: (outcome: SendOutcome) => messages.inc({ outcome }),
  };
}
