import { pingPostgres } from "@dispatcher/db";
import { pingRedis, readEvictionPolicy } from "@dispatcher/redis";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { AppDeps } from "../app-deps.js";
import { HealthSchema, LiveSchema } from "../schemas/health.js";

/**
 * Probes, never behind auth:
 * - `GET /livez`: 200 `{"status":"up"}` while the process serves requests (restart it otherwise);
 * - `GET /readyz`: pings Postgres and Redis (at most 1 s each); 200 with status `up` when both
 *   answer, 503 with status `degraded` naming the one that is down (send it no traffic meanwhile);
 * - `GET /health`: the same, and reads Redis's maxmemory-policy: a Redis that may evict keys
 *   (`redisEvictionPolicy`) makes it degraded too, unless REDIS_ALLOW_EVICTION, where it is
 *   only shown. It is not part of readiness: every API instance would go unready at once.
 */
export function healthRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async function healthRoutes(app) {
    app.get(
      "/livez",
      {
        schema: {
          tags: ["health"],
          summary: "Liveness: the process answers (no dependency is checked)",
          response: { 200: LiveSchema },
        },
      },
      async () => ({ status: "up" as const }),
    );
    const response = { 200: HealthSchema, 503: HealthSchema };
    app.get(
      "/readyz",
      { schema: { tags: ["health"], summary: "Readiness: Postgres and Redis answer", response } },
      (_request, reply) => probe(reply, { evictionPolicy: false }),
    );
    app.get(
      "/health",
      {
        schema: {
          tags: ["health"],
          summary: "The combined view: the API, its backing services and Redis's eviction policy",
          response,
        },
      },
      (_request, reply) => probe(reply, { evictionPolicy: true }),
    );
  };

  async function probe(reply: FastifyReply, options: { evictionPolicy: boolean }) {
    const [postgres, redis, policy] = await Promise.all([
      pingPostgres(deps.db, 1_000).then(
        () => "up" as const,
        () => "down" as const,
      ),
      pingRedis(deps.redis, 1_000).then(
        () => "up" as const,
        () => "down" as const,
      ),
      options.evictionPolicy ? readEvictionPolicy(deps.redis, 1_000) : undefined,
    ]);
    const evicting = policy !== undefined && policy !== "noeviction";
    const up = postgres === "up" && redis === "up" && (!evicting || deps.settings.allowEviction);
    return reply.status(up ? 200 : 503).send({
      status: up ? "up" : "degraded",
      postgres,
      redis,
      ...(evicting ? { redisEvictionPolicy: policy } : {}),
    });
  }
}
