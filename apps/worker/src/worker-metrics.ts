import type { DeliveryStatus } from "@dispatcher/core";
import type { BreakerView } from "@dispatcher/redis";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
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

/** Messages-claimed-per-tick buckets: the default batch is 2; bulk batches go to thousands. */
export const TICK_CLAIMED_BUCKETS = [0, 1, 2, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000];

/** Tick duration buckets in seconds: a claim and its enqueue take milliseconds to a second. */
export const TICK_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What a finished tick reports: how many messages it claimed, and how long it took. */
export interface TickMetrics {
  observeTick: (claimed: number, seconds: number) => void;
}

/** What housekeeping reports: each pass's end, and the delivery statuses the receipt sweep changed. */
export interface HousekeepingMetrics {
  countHousekeepingPass: (job: string, failed: boolean) => void;
  countDeliveryStatusChanges: (status: DeliveryStatus, count: number) => void;
}

/** A worker process's metrics: its own registry (never prom-client's global one) and the send hooks. */
export interface WorkerMetrics extends SendMetrics, TickMetrics, HousekeepingMetrics {
  /** Holds every metric below; render it with `registry.metrics()`. */
  registry: Registry;
  /** A provider breaker's state as this worker last read it. */
  setBreakerState: (provider: string, view: BreakerView) => void;
}

/**
 * A worker's metrics on a fresh Registry (the list is in docs/observability.md), with Node's
 * process metrics. Every outcome and status class is exported from the start (at zero), so rates
 * exist before the first event. Each call starts its own default-metrics collectors: call it once
 * per process.
 */
export function createWorkerMetrics(providers: readonly string[]): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const messages = new Counter<"outcome">({
    name: "dispatcher_messages_total",
    help: "Send attempts by outcome: sent (provider accepted), failed (for good), retried, skipped (not claimed), expired (its expiresAt passed before its request), unconfirmed (the provider may have sent it and cannot tell)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const providerDuration = new Histogram<"provider" | "status_class">({
    name: "dispatcher_provider_request_duration_seconds",
    help: "Duration of provider calls in seconds, by provider and HTTP status class (error: no answer)",
    labelNames: ["provider", "status_class"],
    buckets: PROVIDER_LATENCY_BUCKETS,
    registers: [registry],
  });
  for (const outcome of SEND_OUTCOMES) messages.inc({ outcome }, 0);
  const tickClaimed = new Histogram({
    name: "dispatcher_tick_claimed_messages",
    help: "Messages claimed by each tick that ran",
    buckets: TICK_CLAIMED_BUCKETS,
    registers: [registry],
  });
  const tickDuration = new Histogram({
    name: "dispatcher_tick_duration_seconds",
    help: "Duration of each tick that ran (claim, enqueue and orphan sweep), in seconds",
    buckets: TICK_DURATION_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter<"provider">({
    name: "dispatcher_provider_rate_limited_total",
    help: "Provider answers of 429 (a rate limit: every worker pauses its sends), by provider",
    labelNames: ["provider"],
    registers: [registry],
  });
  const throttled = new Counter<"provider">({
    name: "dispatcher_provider_throttled_total",
    help: "Attempts delayed until a slot under the provider's throughput limit (maxPerSecond), by provider",
    labelNames: ["provider"],
    registers: [registry],
  });
  const breakerOpen = new Gauge<"provider">({
    name: "dispatcher_provider_breaker_open",
    help: "1 while the provider's circuit breaker is open or half-open (new messages go to other providers), 0 when closed",
    labelNames: ["provider"],
    registers: [registry],
  });
  const housekeepingPasses = new Counter<"job" | "outcome">({
    name: "dispatcher_housekeeping_passes_total",
    help: "Housekeeping passes this worker ran (expiry, the receipt sweep, purges), by job and outcome",
    labelNames: ["job", "outcome"],
    registers: [registry],
  });
  const statusChanges = new Counter<"status">({
    name: "dispatcher_delivery_status_changes_total",
    help: "Messages whose delivery status changed, by the new status (unknown: no receipt in time)",
    labelNames: ["status"],
    registers: [registry],
  });
  for (const provider of providers) {
    for (const statusClass of PROVIDER_STATUS_CLASSES) {
      providerDuration.zero({ provider, status_class: statusClass });
    }
    rateLimited.inc({ provider }, 0);
    throttled.inc({ provider }, 0);
    if (providers.length > 1) breakerOpen.set({ provider }, 0);
  }

  return {
    registry,
    observeProviderCall: (provider: string, statusClass: ProviderStatusClass, seconds: number) =>
      providerDuration.observe({ provider, status_class: statusClass }, seconds),
    countRateLimited: (provider) => rateLimited.inc({ provider }),
    countThrottled: (provider) => throttled.inc({ provider }),
    observeTick: (claimed, seconds) => {
      tickClaimed.observe(claimed);
      tickDuration.observe(seconds);
    },
    setBreakerState: (provider, view) => breakerOpen.set({ provider }, view.state === "closed" ? 0 : 1),
    countOutcome: (outcome: SendOutcome) => messages.inc({ outcome }),
    countHousekeepingPass: (job, failed) =>
      housekeepingPasses.inc({ job, outcome: failed ? "failed" : "ok" }),
    countDeliveryStatusChanges: (status, count) => {
      if (count > 0) statusChanges.inc({ status }, count);
    },
  };
}
