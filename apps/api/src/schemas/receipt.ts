import { RECEIPT_STATUSES, type ReceiptStatus } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";

// The provider's delivery receipts, as it sends them and as the API shows them.

const ReceiptStatusSchema = Type.Unsafe<ReceiptStatus>({
  type: "string",
  enum: [...RECEIPT_STATUSES],
  description: "The final status the provider reports",
});

/** `POST /provider/receipts`: one receipt. Other fields a provider adds are ignored. */
export const ReceiptBodySchema = Type.Object(
  {
    messageId: Type.String({ minLength: 1, maxLength: 255, description: "The provider's id of the message" }),
    status: ReceiptStatusSchema,
    at: Type.String({
      maxLength: 64,
      description: "RFC 3339: when the status came about, by the provider's clock",
    }),
    errorCode: Type.Optional(Type.String({ maxLength: 64, description: "The provider's or carrier's code" })),
    reference: Type.Optional(
      Type.String({
        pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        description: "The Idempotency-Key the message was sent with (a UUID), if the provider echoes it",
      }),
    ),
  },
  {
    examples: [
      {
        messageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
        status: "delivered",
        at: "2026-11-22T10:00:04.000Z",
        reference: "0b8c6e52-7a53-4ad9-9d55-a3c1b3f1f0a2",
      },
    ],
  },
);

/** What became of a receipt. */
export const ReceiptAnswerSchema = Type.Object(
  {
    outcome: Type.Union(
      [
        Type.Literal("applied"),
        Type.Literal("superseded"),
        Type.Literal("waiting"),
        Type.Literal("duplicate"),
        Type.Literal("ignored"),
      ],
      {
        description:
          "applied: the message's delivery status is now this; superseded: it has a status of a later time; " +
          "waiting: no sent message has this id yet (applied once one has); duplicate: received before; " +
          "ignored: a status that is not final (a named provider's receipts only)",
      },
    ),
  },
  { examples: [{ outcome: "applied" }] },
);

/** A receipt in a message's history. */
export const ReceiptSchema = Type.Object({
  status: ReceiptStatusSchema,
  at: Type.String({ format: "date-time" }),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  providerMessageId: Type.String(),
  receivedAt: Type.String({ format: "date-time" }),
});

export const ReceiptListSchema = Type.Object(
  { items: Type.Array(ReceiptSchema) },
  {
    examples: [
      {
        items: [
          {
            status: "delivered",
            at: "2026-11-22T10:00:04.000Z",
            errorCode: null,
            providerMessageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
            receivedAt: "2026-11-22T10:00:05.120Z",
          },
        ],
      },
    ],
  },
);
