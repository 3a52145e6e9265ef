import { Type } from "@fastify/type-provider-typebox";

// Spend: prices, limits and what was spent, as the API shows and changes them (see docs/protection.md).

/** An amount of money as a decimal string: never a binary float. */
const Money = (description: string) =>
  Type.String({ pattern: "^[0-9]{1,14}(\\.[0-9]{1,6})?$", description: `${description} (a decimal string)` });

const SpendPriceSchema = Type.Object(
  {
    provider: Type.String({
      minLength: 1,
      maxLength: 64,
      description: "A provider's name (GET /api/v1/providers)",
    }),
    country: Type.String({
      pattern: "^(\\*|[A-Z]{2})$",
      description:
        "ISO 3166-1 alpha-2 code, or * for every country of the provider without a price of its own",
    }),
    price: Money("Price per SMS segment"),
  },
  { additionalProperties: false },
);

/** The price table: `PUT` replaces it whole. */
export const SpendPricesSchema = Type.Object(
  { prices: Type.Array(SpendPriceSchema, { maxItems: 10_000 }) },
  {
    additionalProperties: false,
    examples: [
      {
        prices: [
          { provider: "primary", country: "*", price: "0.05" },
          { provider: "primary", country: "TR", price: "0.012" },
        ],
      },
    ],
  },
);

const Limit = (description: string) =>
  Type.Union([Money(description), Type.Null()], { description: `${description}; null = no limit` });

const LimitPairSchema = Type.Object({
  perDay: Limit("Most spent and reserved per UTC day"),
  perMonth: Limit("Most spent and reserved per UTC month"),
});

/** Every limit: the total's and each API key's own. */
export const SpendLimitsSchema = Type.Object(
  {
    total: LimitPairSchema,
    keys: Type.Record(Type.String(), LimitPairSchema, {
      description: "API keys with limits of their own, by name",
    }),
  },
  {
    examples: [
      {
        total: { perDay: "500", perMonth: "10000" },
        keys: { "signup-form": { perDay: "20", perMonth: null } },
      },
    ],
  },
);

/** `PATCH /api/v1/spend/limits`: the limits named change (null removes one), of the total or of `apiKey`. */
export const SpendLimitChangeSchema = Type.Object(
  {
    apiKey: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "An API key's name; absent: the total's limits",
      }),
    ),
    perDay: Type.Optional(Limit("Most spent and reserved per UTC day")),
    perMonth: Type.Optional(Limit("Most spent and reserved per UTC month")),
  },
  { additionalProperties: false, examples: [{ apiKey: "signup-form", perDay: "20" }] },
);

const AmountsSchema = Type.Object({
  spent: Money("Cost of the messages sent"),
  reserved: Money("Estimates of the messages that may still be sent"),
});

/** `GET /api/v1/spend`'s period. */
export const SpendQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ description: "RFC 3339; default: the start of today (UTC)" })),
    to: Type.Optional(Type.String({ description: "RFC 3339, exclusive; default: 24 hours after from" })),
  },
  { additionalProperties: false },
);

/** What the messages stored in a period spent and hold reserved, and each limit's standing now. */
export const SpendSchema = Type.Object(
  {
    from: Type.String({ format: "date-time" }),
    to: Type.String({ format: "date-time" }),
    total: AmountsSchema,
    byApiKey: Type.Record(Type.String(), AmountsSchema),
    byCountry: Type.Record(Type.String(), AmountsSchema, {
      description: "By ISO code; `none`: numbers of no country",
    }),
    byProvider: Type.Record(Type.String(), AmountsSchema, {
      description: "By provider; `none`: not attempted yet",
    }),
    limits: Type.Array(
      Type.Object({
        apiKey: Type.Union([Type.String(), Type.Null()], { description: "null: the total" }),
        period: Type.Union([Type.Literal("day"), Type.Literal("month")]),
        limit: Money("The limit"),
        spent: Money("Spent in the current UTC period"),
        reserved: Money("Reserved in the current UTC period"),
        reached: Type.Boolean({
          description: "Whether the limit was reached this period (met, or a message was refused for it)",
        }),
      }),
      { description: "Each limit set, with its scope's standing in the current UTC day or month" },
    ),
  },
  {
    examples: [
      {
        from: "2026-12-07T00:00:00.000Z",
        to: "2026-12-08T00:00:00.000Z",
        total: { spent: "12.5", reserved: "0.75" },
        byApiKey: { shop: { spent: "12.5", reserved: "0.75" } },
        byCountry: { TR: { spent: "12.5", reserved: "0.75" } },
        byProvider: { primary: { spent: "12.5", reserved: "0" }, none: { spent: "0", reserved: "0.75" } },
        limits: [
          { apiKey: null, period: "day", limit: "500", spent: "12.5", reserved: "0.75", reached: false },
        ],
      },
    ],
  },
);
