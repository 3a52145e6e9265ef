import { pingPostgres } from "@dispatcher/db";
import { pingRedis } from "@dispatcher/queue";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";

const Up = Type.Union([Type.Literal("up"), Type.Literal("down")]);
const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal("up"), Type.Literal("degraded")]),
    postgres: Up,
    redis: Up,
  },
  {
    examples: [
      { status: "up", postgres: "up", redis: "up" },
      { status: "degraded", postgres: "up", redis: "down" },
    ],
  },
);

/**
 * `GET /health`: pings Postgres and Redis (at most 1 s each). 200 with status `up` when both
 * answer; 503 with status `degraded` naming the one that is down. Never requires auth.
 */
export function healthRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/health",
      {
        schema: {
          tags: ["health"],
          summary: "Liveness of the API and its backing services",
          response: { 200: HealthSchema, 503: HealthSchema },
        },
      },
      async (_request, reply) => {
        const [postgres, redis] = await Promise.all([
          pingPostgres(deps.db, 1_000).then(
            () => "up" as const,
            () => "down" as const,
          ),
          pingRedis(deps.redis, 1_000).then(
            () => "up" as const,
            () => "down" as const,
          ),
        ]);
        const up = postgres === "up" && redis === "up";
        return reply.status(up ? 200 : 503).send({ status: up ? "up" : "degraded", postgres, redis });
      },
    );
  };
}
