import { Counter, Histogram, Registry } from "prom-client";

/** Request duration buckets in seconds: most answers take milliseconds; the top catch slow ones. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This API process's request counters, on a registry of their own (GET /metrics adds it):
 * - `dispatcher_http_request_duration_seconds{method,route,status_code}` (histogram): every
 *   answer, by the route's template (`/api/v1/messages/:id`, never the raw URL, so ids do not
 *   make series; `unmatched` for a 404 no route took);
 * - `dispatcher_intake_messages_total{priority}`: messages stored by intake (a replayed
 *   Idempotency-Key stores none);
 * - `dispatcher_protection_decisions_total{decision,code}`: messages the pumping guard refused
 *   (`refused`, by refusal code) or let through under a monitor rule (`monitored`);
 * - `dispatcher_spend_refused_messages_total{code}`: messages intake refused for spend
 *   (`spend_daily_limit`, `spend_monthly_limit`, `spend_unpriced`).
 * Counters per process: sum them across API replicas.
 */
export function createHttpMetrics() {
  const registry = new Registry();
  const duration = new Histogram<"method" | "route" | "status_code">({
    name: "dispatcher_http_request_duration_seconds",
    help: "API request duration in seconds, by method, route template and status code",
    labelNames: ["method", "route", "status_code"],
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const intake = new Counter<"priority">({
    name: "dispatcher_intake_messages_total",
    help: "Messages stored by intake (POST /api/v1/messages and /messages/bulk), by lane",
    labelNames: ["priority"],
    registers: [registry],
  });
  const protection = new Counter<"decision" | "code">({
    name: "dispatcher_protection_decisions_total",
    help: "Messages the pumping guard refused at intake, or sent under a monitor rule, by decision and code",
    labelNames: ["decision", "code"],
    registers: [registry],
  });
  const spend = new Counter<"code">({
    name: "dispatcher_spend_refused_messages_total",
    help: "Messages intake refused because of a spend limit, by code",
    labelNames: ["code"],
    registers: [registry],
  });
  return {
    registry,
    /** One answer; `route` is the matched route's template (none: `unmatched`). */
    observeRequest: (answer: {
      method: string;
      route: string | undefined;
      statusCode: number;
      seconds: number;
    }) =>
      duration.observe(
        { method: answer.method, route: answer.route ?? "unmatched", status_code: String(answer.statusCode) },
        answer.seconds,
      ),
    countIntake: (priority: string, count = 1) => {
      if (count > 0) intake.inc({ priority }, count);
    },
    countProtection: (decision: "refused" | "monitored", code: string, count: number) => {
      if (count > 0) protection.inc({ decision, code }, count);
    },
    countSpendRefusal: (code: string, count: number) => {
      if (count > 0) spend.inc({ code }, count);
    },
  };
}

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;
