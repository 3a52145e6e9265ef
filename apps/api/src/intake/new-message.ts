import { createHash } from "node:crypto";
import { DEFAULT_LANE, type Schedule, type SegmentCount } from "@dispatcher/core";
import type { MessageToStore } from "@dispatcher/db";
import type { Static } from "@fastify/type-provider-typebox";
import type { NewMessageSchema } from "../schemas/message.js";

/** One message as a client sends it (see NewMessageSchema). */
export type NewMessage = Static<typeof NewMessageSchema>;

/**
 * The fields a client sends, in one list: an intake request's Idempotency-Key hash is over these
 * (as sent), and rowOf stores each. Adding a field is a column, its schema, this list and rowOf.
 */
export const MESSAGE_FIELDS = [
  "to",
  "content",
  "priority",
  "sendAt",
  "expiresAt",
  "validitySeconds",
  "callbackUrl",
] as const satisfies readonly (keyof NewMessage)[];

/**
 * The hash an Idempotency-Key is stored with: of the route and every message's fields as sent
 * (MESSAGE_FIELDS; a default applied later, such as an API key's callback URL, is not in it), so
 * a retry of the same request matches whatever changed since, and another request does not.
 */
export function requestHash(route: string, items: readonly NewMessage[]): string {
  const fields = items.map((m) => MESSAGE_FIELDS.map((field) => m[field] ?? null));
  return createHash("sha256")
    .update(JSON.stringify([route, fields]))
    .digest("hex");
}

/** What intake decided for one message besides what was sent: its counts, schedule and defaults. */
export interface Accepted {
  count: SegmentCount;
  schedule: Schedule;
  /** Its API key's callback URL, when it gave none (API_KEY_CALLBACK_URLS). */
  callbackUrl: string | undefined;
  /** The W3C traceparent of its own trace (null with tracing off). */
  traceContext: string | null;
}

/** The row a message is stored as. */
export function rowOf(m: NewMessage, accepted: Accepted): MessageToStore {
  return {
    recipient: m.to,
    content: m.content,
    priority: m.priority ?? DEFAULT_LANE,
    callbackUrl: m.callbackUrl ?? accepted.callbackUrl ?? null,
    traceContext: accepted.traceContext,
    encoding: accepted.count.encoding,
    segments: accepted.count.segments,
    sendAt: accepted.schedule.sendAt,
    expiresAt: accepted.schedule.expiresAt,
  };
}
