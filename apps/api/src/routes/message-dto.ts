import type { Message } from "@dispatcher/db";
import { COPIED_FIELDS, type CopiedField, type MESSAGE_FIELDS } from "../intake/new-message.js";

/** A message's fields as the client sent them, read back from their columns (see MESSAGE_FIELDS). */
type SentFields = { [F in CopiedField]: Message[(typeof MESSAGE_FIELDS)[F]] };

/** A message row as the API shows it (MessageSchema): the provider's id is `messageId` here. */
export function toMessageDto(row: Message) {
  return {
    id: row.id,
    ...(Object.fromEntries(COPIED_FIELDS.map(([field, column]) => [field, row[column]])) as SentFields),
    encoding: row.encoding,
    segments: row.segments,
    sendAt: row.sendAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
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
    provider: row.provider,
    deliveryStatus: row.deliveryStatus,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    queuedAt: row.queuedAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    erasedAt: row.erasedAt?.toISOString() ?? null,
    estimatedCost: row.estimatedCost,
    cost: row.cost,
  };
}
