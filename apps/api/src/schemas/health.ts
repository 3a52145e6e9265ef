import { Type } from "@fastify/type-provider-typebox";

// What the probes answer.

/** What /livez answers while the process serves requests. */
export const LiveSchema = Type.Object({ status: Type.Literal("up") }, { examples: [{ status: "up" }] });

const Up = Type.Union([Type.Literal("up"), Type.Literal("down")]);
/** What /readyz and /health answer. */
export const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal("up"), Type.Literal("degraded")]),
    postgres: Up,
    redis: Up,
    redisEvictionPolicy: Type.Optional(
      Type.String({
        description:
          "Redis's maxmemory-policy when it is not noeviction (Redis may then delete queued jobs); degraded unless REDIS_ALLOW_EVICTION",
      }),
    ),
  },
  {
    examples: [
      { status: "up", postgres: "up", redis: "up" },
      { status: "degraded", postgres: "up", redis: "down" },
      { status: "degraded", postgres: "up", redis: "up", redisEvictionPolicy: "allkeys-lru" },
    ],
  },
);
