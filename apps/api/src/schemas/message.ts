import { Type } from "@fastify/type-provider-typebox";
import { DeliveryStatusSchema, PrioritySchema, StatusSchema } from "./common.js";

// A message as the API shows it, and the bodies that carry messages in and out.

const nullableDate = (description: string) =>
  Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description });

/** A message's recipient or content: null once erased after its retention (see `erasedAt`). */
const erasable = (description: string) =>
  Type.Union([Type.String(), Type.Null()], {
    description: `${description}; null once erased (see erasedAt)`,
  });

/** An example message, as the API shows it. */
export const MESSAGE_EXAMPLE = {
  id: 42,
  to: "+905551111111",
  content: "Your code is 1234",
  priority: "transactional",
  encoding: "GSM-7",
  segments: 1,
  sendAt: null,
  expiresAt: "2026-11-22T10:05:00.000Z",
  status: "sent",
  attempts: 1,
  rateLimited: 0,
  lastError: null,
  attemptErrors: [],
  messageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
  provider: "primary",
  deliveryStatus: "delivered",
  deliveredAt: "2026-11-22T10:00:04.000Z",
  callbackUrl: null,
  createdAt: "2026-11-22T10:00:00.000Z",
  queuedAt: "2026-11-22T10:00:00.500Z",
  sentAt: "2026-11-22T10:00:01.123Z",
  updatedAt: "2026-11-22T10:00:01.130Z",
  erasedAt: null,
  estimatedCost: "0.07",
  cost: "0.05",
};

/** A message as the API shows it. */
export const MessageSchema = Type.Object(
  {
    id: Type.Integer(),
    to: erasable("E.164 recipient"),
    content: erasable("The text"),
    priority: PrioritySchema,
    encoding: Type.Union([Type.Literal("GSM-7"), Type.Literal("UCS-2"), Type.Null()], {
      description:
        "How intake counted the content (null for a row stored other than by intake, such as a bulk load)",
    }),
    segments: Type.Union([Type.Integer(), Type.Null()], {
      description: "SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each",
    }),
    sendAt: nullableDate("Not sent before this time (null: at once)"),
    expiresAt: nullableDate("Unsent by this time, it ends expired and is never sent (null: never)"),
    ucs2Characters: Type.Optional(
      Type.Array(Type.String(), {
        description: "In intake answers: the characters that made the content UCS-2 (empty for GSM-7)",
      }),
    ),
    status: StatusSchema,
    attempts: Type.Integer({
      description: "Send attempts started in this round (a manual retry starts a new round at 0)",
    }),
    rateLimited: Type.Integer({
      description: "Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS",
    }),
    lastError: Type.Union([Type.String(), Type.Null()], { description: "Why the last attempt failed" }),
    attemptErrors: Type.Array(
      Type.Object({
        attempt: Type.Integer({ description: "The attempt's number in its round" }),
        at: Type.String({ format: "date-time" }),
        error: Type.String(),
      }),
      {
        description:
          "The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a " +
          "timeout may still have been delivered: see docs/guarantees.md, What `failed` means.",
      },
    ),
    messageId: Type.Union([Type.String(), Type.Null()], { description: "The provider's id, once sent" }),
    provider: Type.Union([Type.String(), Type.Null()], {
      description:
        "The name of the provider of the latest attempt; once sent, the one that accepted it (null: not " +
        "attempted yet). See docs/providers.md",
    }),
    deliveryStatus: Type.Union([DeliveryStatusSchema, Type.Null()], {
      description: "null before a receipt or the timeout (and always without receipts); see DeliveryStatus",
    }),
    deliveredAt: nullableDate("When the provider said it reached the phone"),
    callbackUrl: Type.Union([Type.String(), Type.Null()], {
      description: "Where delivery-status changes are POSTed (null: nowhere)",
    }),
    createdAt: Type.String({ format: "date-time" }),
    queuedAt: nullableDate("When a tick claimed it"),
    sentAt: nullableDate("When the provider accepted it"),
    updatedAt: Type.String({ format: "date-time" }),
    erasedAt: nullableDate(
      "When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md",
    ),
    estimatedCost: Type.Union([Type.String(), Type.Null()], {
      description:
        "What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; " +
        "null when unpriced (see docs/protection.md#spend-limits)",
    }),
    cost: Type.Union([Type.String(), Type.Null()], {
      description:
        "What it cost once sent (segments × the accepting provider's price), a decimal; null until then",
    }),
  },
  {
    examples: [MESSAGE_EXAMPLE],
  },
);

/** The most messages one bulk request may carry. */
export const BULK_LIMIT = 1_000;

export const NewMessageSchema = Type.Object(
  {
    to: Type.String({
      description:
        "Recipient in E.164, e.g. +905551111111, that the pumping guard's rules allow (see docs/protection.md)",
    }),
    content: Type.String({
      description: "1..messageMaxLength characters (default 160; see GET /api/v1/dispatcher)",
    }),
    priority: Type.Optional(PrioritySchema),
    callbackUrl: Type.Optional(
      Type.String({
        maxLength: 2_048,
        description:
          "http(s) URL each delivery-status change of this message is POSTed to, as a Standard Webhooks event " +
          "(see docs/webhooks.md); " +
          "not a loopback or private address unless ALLOW_PRIVATE_CALLBACKS. Absent: the API key's URL " +
          "(API_KEY_CALLBACK_URLS), if it has one",
      }),
    ),
    sendAt: Type.Optional(
      Type.String({
        description: "RFC 3339; not sent before (at most 60 s in the past, at most 30 days ahead)",
      }),
    ),
    expiresAt: Type.Optional(
      Type.String({ description: "RFC 3339; unsent by then, it ends expired and is never sent" }),
    ),
    validitySeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_592_000,
        description: "Instead of expiresAt: it expires this long after sendAt (else after intake)",
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [
      { to: "+905551111111", content: "Your code is 1234", priority: "transactional", validitySeconds: 300 },
      { to: "+905551111111", content: "Spring sale: 20% off until Sunday" },
    ],
  },
);

export const BulkBodySchema = Type.Object(
  { messages: Type.Array(NewMessageSchema, { minItems: 1, maxItems: BULK_LIMIT }) },
  {
    additionalProperties: false,
    examples: [
      {
        messages: [
          { to: "+905551111111", content: "Hello" },
          { to: "+14155552671", content: "Hi" },
        ],
      },
    ],
  },
);

/** The answer to a bulk intake: every stored message, in the order given. */
export const BulkCreatedSchema = Type.Object(
  { count: Type.Integer(), items: Type.Array(MessageSchema) },
  { examples: [{ count: 1, items: [MESSAGE_EXAMPLE] }] },
);

export const MessagePageSchema = Type.Object(
  {
    items: Type.Array(MessageSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page",
    }),
  },
  { examples: [{ items: [MESSAGE_EXAMPLE], nextCursor: "eyJiZWZvcmUiOjQyfQ" }] },
);

export const SentMessageSchema = Type.Object({
  id: Type.Integer(),
  to: erasable("E.164 recipient"),
  content: erasable("The text"),
  messageId: Type.Union([Type.String(), Type.Null()], { description: "The provider's id for the message" }),
  sentAt: Type.String({ format: "date-time" }),
});

export const SentPageSchema = Type.Object(
  {
    items: Type.Array(SentMessageSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page; null on the last page",
    }),
  },
  {
    examples: [
      {
        items: [
          {
            id: 42,
            to: "+905551111111",
            content: "Your code is 1234",
            messageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
            sentAt: "2026-11-22T10:00:01.123Z",
          },
        ],
        nextCursor: "WyIyMDI2LTExLTIyVDEwOjAwOjAxLjEyM1oiLDQyXQ",
      },
    ],
  },
);

/** The most messages one bulk cancel or bulk retry may take. */
export const BULK_ACTION_LIMIT = 10_000;

const limitField = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: BULK_ACTION_LIMIT,
    default: 1_000,
    description: `At most this many messages, oldest first (1..${BULK_ACTION_LIMIT}, default 1000)`,
  }),
);

/** `POST /api/v1/messages/cancel`: which pending messages to cancel; at least one condition. */
export const CancelFilterSchema = Type.Object(
  {
    to: Type.Optional(Type.String({ description: "Only messages to this number (E.164)" })),
    createdBefore: Type.Optional(
      Type.String({ format: "date-time", description: "Only messages stored before" }),
    ),
    createdAfter: Type.Optional(
      Type.String({ format: "date-time", description: "Only messages stored at or after" }),
    ),
    limit: limitField,
  },
  {
    additionalProperties: false,
    examples: [{ to: "+905551111111" }, { createdBefore: "2026-11-22T10:00:00Z" }],
  },
);

/** `POST /api/v1/messages/retry`: which failed messages to put back to pending. */
export const RetryFilterSchema = Type.Object(
  {
    status: Type.Literal("failed", { description: "Only failed messages can be retried" }),
    failedSince: Type.Optional(
      Type.String({ format: "date-time", description: "Only messages that failed at or after" }),
    ),
    lastErrorContains: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: "Only messages whose last error contains this",
      }),
    ),
    limit: limitField,
  },
  {
    additionalProperties: false,
    examples: [{ status: "failed", lastErrorContains: "503", failedSince: "2026-11-22T10:00:00Z" }],
  },
);

/** How many messages a bulk action changed. */
export const BulkActionResultSchema = Type.Object(
  { count: Type.Integer({ description: "How many messages changed" }) },
  { examples: [{ count: 42 }] },
);

/** `POST /api/v1/messages/estimate`: a content to count. */
export const EstimateBodySchema = Type.Object(
  { content: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false, examples: [{ content: "Şifreniz 1234" }] },
);

/** How a content would be sent: its encoding and SMS segments. */
export const EstimateSchema = Type.Object(
  {
    encoding: Type.Union([Type.Literal("GSM-7"), Type.Literal("UCS-2")]),
    segments: Type.Integer(),
    units: Type.Integer({ description: "Septets (GSM-7) or UTF-16 units (UCS-2)" }),
    nationalLanguage: Type.Union([Type.String(), Type.Null()], {
      description: "The Turkish tables GSM-7 needs (with PROVIDER_TURKISH_SHIFT_TABLES), or null",
    }),
    ucs2Characters: Type.Array(Type.String(), { description: "The characters that made it UCS-2" }),
  },
  {
    examples: [{ encoding: "UCS-2", segments: 1, units: 13, nationalLanguage: null, ucs2Characters: ["Ş"] }],
  },
);
