import { PROVIDER_ROUTING_LIMITS } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";

// The providers as the API shows them, and the routing a PATCH may change.

const countries = (description: string) =>
  Type.Array(Type.String({ pattern: "^[A-Z]{2}$" }), { maxItems: 250, uniqueItems: true, description });

const PROVIDER_EXAMPLE = {
  name: "twilio-us",
  kind: "twilio",
  countries: ["US", "CA"],
  weight: 3,
  maxPerSecond: 1,
  burst: 0,
  breaker: { state: "closed", remainingMs: 0 },
  updatedAt: "2026-11-22T10:00:00.000Z",
  updatedBy: "system",
};

export const ProviderSchema = Type.Object(
  {
    name: Type.String(),
    kind: Type.String({ description: "Its adapter kind: webhook, twilio, aws-sms" }),
    countries: countries("ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country"),
    weight: Type.Integer({ description: "Its share of new messages against the other providers; 0: none" }),
    maxPerSecond: Type.Number({
      description: "Most SMS segments a second, across every worker; 0: no limit",
    }),
    burst: Type.Integer({
      description: "Segments it may be sent at once above the rate; 0: one second's worth",
    }),
    breaker: Type.Union(
      [
        Type.Object({
          state: Type.Union([Type.Literal("closed"), Type.Literal("open"), Type.Literal("half-open")]),
          remainingMs: Type.Integer({ description: "While open: until a probe may go" }),
        }),
        Type.Null(),
      ],
      { description: "Its circuit breaker, shared by every worker (null when Redis cannot be read)" },
    ),
    updatedAt: Type.String({ format: "date-time" }),
    updatedBy: Type.String({ description: "Who last changed its routing: an API key's name, or system" }),
  },
  { examples: [PROVIDER_EXAMPLE] },
);

export const ProviderListSchema = Type.Object(
  { items: Type.Array(ProviderSchema) },
  { examples: [{ items: [PROVIDER_EXAMPLE] }] },
);

export const ProviderNameParamsSchema = Type.Object({
  name: Type.String({ pattern: "^[a-z][a-z0-9-]{0,31}$", description: "The provider's name" }),
});

export const ProviderRoutingChangeSchema = Type.Object(
  {
    countries: Type.Optional(countries("The countries it sends to; [] for every country")),
    weight: Type.Optional(
      Type.Integer({
        minimum: PROVIDER_ROUTING_LIMITS.weight.min,
        maximum: PROVIDER_ROUTING_LIMITS.weight.max,
        description: "Its share of new messages; 0: none",
      }),
    ),
    maxPerSecond: Type.Optional(
      Type.Number({
        minimum: PROVIDER_ROUTING_LIMITS.maxPerSecond.min,
        maximum: PROVIDER_ROUTING_LIMITS.maxPerSecond.max,
        description: "SMS segments a second; 0: no limit",
      }),
    ),
    burst: Type.Optional(
      Type.Integer({
        minimum: PROVIDER_ROUTING_LIMITS.burst.min,
        maximum: PROVIDER_ROUTING_LIMITS.burst.max,
        description: "Segments at once; 0: one second's worth",
      }),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ weight: 0 }, { maxPerSecond: 10, burst: 20 }, { countries: ["TR", "DE"] }],
  },
);
