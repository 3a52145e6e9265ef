import { Type } from "@fastify/type-provider-typebox";

// The suppression list as the API shows it.

/** A number in the path: E.164 (`+` may be sent as is or as %2B). */
export const NumberParamsSchema = Type.Object({
  number: Type.String({ description: "The number, E.164", examples: ["+905551111111"] }),
});

/** `PUT /api/v1/opt-outs/{number}`'s body: `{}`, or why. */
export const OptOutBodySchema = Type.Object(
  {
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1_000, description: "Why, for the record" }),
    ),
  },
  { additionalProperties: false, examples: [{ reason: "asked by phone on 2026-11-22" }] },
);

/** An entry of the suppression list. */
export const OptOutSchema = Type.Object(
  {
    number: Type.String(),
    reason: Type.String(),
    source: Type.Union([Type.Literal("operator"), Type.Literal("provider"), Type.Literal("keyword")], {
      description:
        "operator: added through this API; provider: the provider answered that the recipient opted out; " +
        "keyword: the recipient sent a stop keyword (taken off again by their START, which never removes " +
        "an operator's entry)",
    }),
    detail: Type.Union([Type.String(), Type.Null()], {
      description:
        "keyword: the stop keyword received (folded, such as IPTAL); provider: the provider's error code " +
        "when its answer gave one (such as 21610); else null",
    }),
    actor: Type.String({ description: "The API key's name, provider, or recipient (a keyword)" }),
    createdAt: Type.String({ format: "date-time" }),
  },
  {
    examples: [
      {
        number: "+905551111111",
        reason: "asked by phone on 2026-11-22",
        source: "operator",
        detail: null,
        actor: "ops",
        createdAt: "2026-11-22T10:00:00.000Z",
      },
    ],
  },
);

/** A page of the suppression list, in number order. */
export const OptOutListSchema = Type.Object(
  {
    items: Type.Array(OptOutSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page; null on the last",
    }),
  },
  {
    examples: [
      {
        items: [
          {
            number: "+905551111111",
            reason: "STOP",
            source: "keyword",
            detail: "STOP",
            actor: "recipient",
            createdAt: "2026-11-22T10:00:00.000Z",
          },
        ],
        nextCursor: null,
      },
    ],
  },
);
