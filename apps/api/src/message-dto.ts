import type { Message } from "@dispatcher/db";
import { Type } from "@fastify/type-provider-typebox";
import { StatusSchema } from "./schemas.js";

const nullableDate = (description: string) =>
  Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description });

/** An example message, as the API shows it. */
export const MESSAGE_EXAMPLE = {
  id: 42,
  to: "+905551111111",
  content: "Your code is 1234",
  status: "sent",
  attempts: 1,
  rateLimited: 0,
  lastError: null,
  attemptErrors: [],
  messageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
  createdAt: "2026-11-22T10:00:00.000Z",
  queuedAt: "2026-11-22T10:00:00.500Z",
  sentAt: "2026-11-22T10:00:01.123Z",
  updatedAt: "2026-11-22T10:00:01.130Z",
};

/** A message as the API shows it. */
export const MessageSchema = Type.Object(
  {
    id: Type.Integer(),
    to: Type.String({ description: "E.164 recipient" }),
    content: Type.String(),
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
    createdAt: Type.String({ format: "date-time" }),
    queuedAt: nullableDate("When a tick claimed it"),
    sentAt: nullableDate("When the provider accepted it"),
    updatedAt: Type.String({ format: "date-time" }),
  },
  {
    examples: [MESSAGE_EXAMPLE],
  },
);

export function toMessageDto(row: Message) {
  return {
    id: row.id,
    to: row.recipient,
    content: row.content,
    status: row.status,
    attempts: row.attempts,
    rateLimited: row.rateLimited,
    lastError: row.lastError,
    attemptErrors: row.attemptErrors.map((e) => ({
      attempt: e.attempt,
      at: new Date(e.at).toISOString(),
      error: e.error,
    })),
    messageId: row.providerMessageId,
    createdAt: row.createdAt.toISOString(),
    queuedAt: row.queuedAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
