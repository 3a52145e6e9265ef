import { type DeliveryStatus, LANE_NAME_PATTERN, RECEIPT_STATUSES } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";

/** One problem with the input: `field` names it; `index` is the item's position in a bulk body. */
export const FieldErrorSchema = Type.Object({
  index: Type.Optional(Type.Integer({ minimum: 0 })),
  field: Type.String(),
  message: Type.String(),
});

/** The error answer every route may give, an RFC 9457 problem (see error-handler.ts). */
export const ErrorSchema = Type.Object(
  {
    type: Type.String({
      description:
        "The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or " +
        "about:blank when the status code says it all",
    }),
    title: Type.String({ description: "The kind in words; the status code's reason phrase for about:blank" }),
    status: Type.Integer({ description: "The HTTP status code" }),
    detail: Type.String({ description: "What went wrong with this request, in words" }),
    instance: Type.String({
      description: "The request's path, without its query, phone numbers in it masked",
    }),
    statusCode: Type.Integer({ description: "As status (kept for /api/v1 clients)" }),
    error: Type.String({ description: "The status code's reason phrase (kept for /api/v1 clients)" }),
    message: Type.String({ description: "As detail (kept for /api/v1 clients)" }),
    requestId: Type.Optional(
      Type.String({
        description: "The request's id, as in the x-request-id header: quote it when asking about it",
      }),
    ),
    field: Type.Optional(Type.String({ description: "The first offending field" })),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { description: "Every problem found" })),
    code: Type.Optional(
      Type.String({
        description:
          "Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, " +
          "recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, " +
          "protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced " +
          "(see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; " +
          "see docs/webhooks.md), rate_limited (the API key's rate limit)",
      }),
    ),
    rule: Type.Optional(Type.String({ description: "The rule that refused the request, in words" })),
  },
  {
    examples: [
      {
        type: "tag:message-dispatcher,2026:problem/invalid-input",
        title: "The request's input is invalid",
        status: 400,
        detail: "to must be an E.164 phone number such as +905551111111",
        instance: "/api/v1/messages",
        statusCode: 400,
        error: "Bad Request",
        message: "to must be an E.164 phone number such as +905551111111",
        requestId: "3f0c8a4e-58a4-4c56-9a4b-0c1f1d7f2b10",
        field: "to",
        errors: [{ field: "to", message: "must be an E.164 phone number such as +905551111111" }],
      },
    ],
  },
);

/** An error answer as the OpenAPI document describes it: ErrorSchema as application/problem+json. */
const problemResponse = {
  description: "An RFC 9457 problem",
  content: { "application/problem+json": { schema: ErrorSchema } },
} as const;

/** Error answers for the OpenAPI document: every client error and the opaque 500. */
export const errorResponses = { "4xx": problemResponse, 500: problemResponse } as const;

/**
 * A message id in the path: decimal digits only (no `1e3`, `0x10` or signs), at most 15 of them so
 * it stays a safe integer. Anything else is a 400 naming `id`; handlers read it with Number().
 */
export const IdParamsSchema = Type.Object({
  id: Type.String({ pattern: "^[1-9][0-9]{0,14}$", description: "Message id", examples: ["42"] }),
});

/** A message's lane: the name of a stored lane (see Lane in @dispatcher/core). */
export const PrioritySchema = Type.String({
  pattern: LANE_NAME_PATTERN.source,
  description:
    "The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), " +
    "bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)",
  examples: ["transactional"],
});

/** A sent message's delivery status: RECEIPT_STATUSES, or unknown when no receipt came in time. */
export const DeliveryStatusSchema = Type.Unsafe<DeliveryStatus>({
  type: "string",
  enum: [...RECEIPT_STATUSES, "unknown"],
  description:
    "What the provider's delivery receipts said (the latest by the provider's time); unknown when none came " +
    "within RECEIPT_TIMEOUT_MS of sending",
});

/** A message's status: MESSAGE_STATUSES, written out as TypeBox needs a tuple (a test compares them). */
export const StatusSchema = Type.Union([
  Type.Literal("pending"),
  Type.Literal("queued"),
  Type.Literal("sending"),
  Type.Literal("sent"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
  Type.Literal("expired"),
  Type.Literal("unconfirmed"),
]);

/**
 * The optional `Idempotency-Key` header of an intake request (IETF draft "The Idempotency-Key
 * HTTP Header Field"): 1..255 visible ASCII characters.
 */
export const IdempotencyHeadersSchema = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: "^[\\x21-\\x7E]+$",
      description:
        "A key of your choosing (a UUID, say). A retry with the same key and the same body within " +
        "INTAKE_IDEMPOTENCY_TTL_HOURS (default 24) gets the first answer and stores nothing; the same " +
        "key with another body is a 422. Keys are scoped by API key.",
      examples: ["6f1c2a1e-4b7d-4d0e-9a57-2f0f3c1b9e11"],
    }),
  ),
});
