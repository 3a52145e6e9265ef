import { LANE_NAME_PATTERN } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";

// The pumping guard's rules as the API shows and changes them (see docs/protection.md).

const CountryActionSchema = Type.Union(
  [Type.Literal("allow"), Type.Literal("block"), Type.Literal("monitor")],
  {
    description:
      "allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it",
  },
);

const Cap = (description: string) =>
  Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: `${description}; 0 = no cap` });

const RecipientCapsSchema = Type.Object(
  {
    perHour: Cap("Messages per recipient per clock hour"),
    perDay: Cap("Messages per recipient per UTC day"),
    sameContentPerHour: Cap("Messages with the same content per recipient per clock hour"),
  },
  { additionalProperties: false },
);

const KeyQuotaSchema = Type.Object(
  {
    perDay: Cap("Messages an API key may store per UTC day"),
    internationalPerDay: Cap("Of those, messages to numbers of no home country"),
  },
  { additionalProperties: false },
);

const CountryCodeSchema = Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2 code" });

/** The guard's settings and country rules. */
export const ProtectionSchema = Type.Object(
  {
    defaultCountryAction: CountryActionSchema,
    countries: Type.Record(Type.String(), CountryActionSchema, {
      description: "Each country's own rule, by ISO code; every other country has defaultCountryAction",
    }),
    limits: Type.Object({
      recipient: RecipientCapsSchema,
      laneRecipient: Type.Record(Type.String(), RecipientCapsSchema, {
        description: "Lanes whose messages have caps of their own, counted apart from the others'",
      }),
      key: KeyQuotaSchema,
      keys: Type.Record(Type.String(), KeyQuotaSchema, {
        description: "API keys with quotas of their own, by name",
      }),
      homeCountries: Type.Array(CountryCodeSchema, {
        description: "Numbers of other countries are international; empty = none is",
      }),
    }),
    updatedAt: Type.String({ format: "date-time" }),
    updatedBy: Type.String(),
  },
  {
    examples: [
      {
        defaultCountryAction: "block",
        countries: { TR: "allow", DE: "monitor" },
        limits: {
          recipient: { perHour: 20, perDay: 100, sameContentPerHour: 5 },
          laneRecipient: { transactional: { perHour: 5, perDay: 20, sameContentPerHour: 0 } },
          key: { perDay: 10_000, internationalPerDay: 100 },
          keys: {},
          homeCountries: ["TR"],
        },
        updatedAt: "2026-12-07T10:00:00.000Z",
        updatedBy: "ops",
      },
    ],
  },
);

/** `PATCH /api/v1/protection`: what it names changes; a limits field given replaces that field whole. */
export const ProtectionChangeSchema = Type.Object(
  {
    defaultCountryAction: Type.Optional(CountryActionSchema),
    limits: Type.Optional(
      Type.Object(
        {
          recipient: Type.Optional(RecipientCapsSchema),
          laneRecipient: Type.Optional(
            Type.Record(Type.String({ pattern: LANE_NAME_PATTERN.source }), RecipientCapsSchema),
          ),
          key: Type.Optional(KeyQuotaSchema),
          keys: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 64 }), KeyQuotaSchema)),
          homeCountries: Type.Optional(Type.Array(CountryCodeSchema, { maxItems: 300, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [
      {
        defaultCountryAction: "block",
        limits: { recipient: { perHour: 20, perDay: 100, sameContentPerHour: 5 } },
      },
    ],
  },
);

export const CountryParamsSchema = Type.Object({
  country: Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2 code", examples: ["TR"] }),
});

export const CountryRuleBodySchema = Type.Object(
  { action: CountryActionSchema },
  { additionalProperties: false, examples: [{ action: "block" }] },
);

export const CountryRuleSchema = Type.Object(
  { country: Type.String(), action: CountryActionSchema },
  { examples: [{ country: "US", action: "block" }] },
);

export const NumberRuleBodySchema = Type.Object(
  {
    action: Type.Union([Type.Literal("allow"), Type.Literal("block")], {
      description:
        "allow: its country's rule and the recipient caps do not apply (opt-outs and key quotas do); block: refused",
    }),
    until: Type.Optional(
      Type.String({
        format: "date-time",
        description: "In force until then (RFC 3339); absent: until removed",
      }),
    ),
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1_000, description: "Why, for the record" }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ action: "block", until: "2026-12-31T00:00:00Z", reason: "pumping" }],
  },
);

const NUMBER_RULE_EXAMPLE = {
  number: "+905551234567",
  action: "block",
  until: "2026-12-31T00:00:00.000Z",
  reason: "pumping",
  createdAt: "2026-12-07T10:00:00.000Z",
  createdBy: "ops",
};

export const NumberRuleSchema = Type.Object(
  {
    number: Type.String(),
    action: Type.Union([Type.Literal("allow"), Type.Literal("block")]),
    until: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    createdBy: Type.String(),
  },
  { examples: [NUMBER_RULE_EXAMPLE] },
);

export const NumberRuleListSchema = Type.Object(
  {
    items: Type.Array(NumberRuleSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page; null on the last",
    }),
  },
  { examples: [{ items: [NUMBER_RULE_EXAMPLE], nextCursor: null }] },
);
