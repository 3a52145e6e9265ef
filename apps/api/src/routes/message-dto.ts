import type { Message } from "@dispatcher/db";

/** A message row as the API shows it (MessageSchema): the provider's id is `messageId` here. */
export function toMessageDto(row: Message) {
  return {
    id: row.id,
    to: row.recipient,
    content: row.content,
    priority: row.priority,
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
    callbackUrl: row.callbackUrl,
    createdAt: row.createdAt.toISOString(),
    queuedAt: row.queuedAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
