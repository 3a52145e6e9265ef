import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { createApiMetrics } from "../metrics/api-metrics.js";

/**
 * `GET /metrics`: Prometheus text (see createApiMetrics for what it holds), read from Postgres and
 * Redis at scrape time. Always 200 while the API runs: a source that is down is reported by
 * `dispatcher_metrics_source_up{source}` = 0 and its gauges are left out. Each registration has its
 * own registry. Open, like /health.
 */
export function metricsRoutes(
  deps: Pick<AppDeps, "db" | "queues" | "deliveryMetrics" | "httpMetrics" | "inboundMetrics">,
): FastifyPluginAsyncTypebox {
  return async function metricsRoutes(app) {
    const metrics = createApiMetrics({
      db: deps.db,
      queues: deps.queues,
      logger: app.log,
      registries: [
        deps.deliveryMetrics.registry,
        ...(deps.httpMetrics ? [deps.httpMetrics.registry] : []),
        ...(deps.inboundMetrics ? [deps.inboundMetrics.registry] : []),
      ],
    });
    app.get(
      "/metrics",
      {
        schema: {
          tags: ["observability"],
          summary: "Prometheus metrics",
          description:
            "Prometheus text format 0.0.4: message counts by status, the pending backlog, BullMQ job counts " +
            "by queue and state, whether the dispatcher is running and its scheduler present, and Node " +
            "process metrics. Never fails because Postgres or Redis is down; " +
            "`dispatcher_metrics_source_up` says which could not be read.",
          response: {
            200: {
              description: "Prometheus text",
              content: {
                "text/plain": {
                  schema: Type.String({
                    examples: [
                      "# HELP dispatcher_pending_backlog Messages waiting to be claimed.\n" +
                        "# TYPE dispatcher_pending_backlog gauge\ndispatcher_pending_backlog 42\n",
                    ],
                  }),
                },
              },
            },
          },
        },
      },
      async (_request, reply) => {
        const text = await metrics.render();
        return reply
          .header("content-type", metrics.contentType)
          .header("cache-control", "no-store")
          .send(text);
      },
    );
  };
}
