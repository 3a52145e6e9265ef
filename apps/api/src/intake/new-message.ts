import { createHash } from "node:crypto";
import { DEFAULT_LANE, type Schedule, type SegmentCount } from "@dispatcher/core";
import type { MessageToStore } from "@dispatcher/db";
import type { Static } from "@fastify/type-provider-typebox";
import type { NewMessageSchema } from "../schemas/message.js";

/** One message as a client sends it (see NewMessageSchema). */
export type NewMessage = Static<typeof NewMessageSchema>;

/**
 * Every field a client sends, in one table, by the column that keeps it: rowOf stores each as
 * sent (with its default), toMessageDto answers each from its column, and the Idempotency-Key hash
 * is over all of them as sent. `schedule` fields are stored as readSchedule reads them. Adding a
 * field is a column, its schema and a line here (see CONTRIBUTING.md).
 */
export const MESSAGE_FIELDS = {
  to: "recipient",
  content: "content",
  priority: "priority",
  callbackUrl: "callbackUrl",
  sendAt: "schedule",
  expiresAt: "schedule",
  validitySeconds: "schedule",
} as const satisfies Record<keyof NewMessage, keyof MessageToStore | "schedule">;

/** The fields stored as sent, each with its column. */
export type CopiedField = {
  [F in keyof typeof MESSAGE_FIELDS]: (typeof MESSAGE_FIELDS)[F] extends "schedule" ? never : F;
}[keyof typeof MESSAGE_FIELDS];

/** The fields stored as sent, and their columns (see MESSAGE_FIELDS). */
export const COPIED_FIELDS = Object.entries(MESSAGE_FIELDS).filter(
  (entry): entry is [CopiedField, (typeof MESSAGE_FIELDS)[CopiedField]] => entry[1] !== "schedule",
);

/**
 * The hash an Idempotency-Key is stored with: of the route and every message's fields as sent
 * (MESSAGE_FIELDS; a default applied later, such as an API key's callback URL, is not in it), so
 * a retry of the same request matches whatever changed since, and another request does not.
 */
export function requestHash(route: string, items: readonly NewMessage[]): string {
  const names = Object.keys(MESSAGE_FIELDS) as (keyof NewMessage)[];
  const fields = items.map((m) => names.map((field) => m[field] ?? null));
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
  /** Its recipient's keyed hash (see recipientHash). */
  recipientHash: string;
  /** Who stored it, its recipient's country, and its estimated cost (null: unpriced; see planSpend). */
  spend: Pick<MessageToStore, "apiKey" | "country" | "estimatedCost">;
}

/** The row a message is stored as: each copied field as sent (a lane and a callback URL defaulted), and what intake decided. */
export function rowOf(m: NewMessage, accepted: Accepted): MessageToStore {
  const copied = Object.fromEntries(COPIED_FIELDS.map(([field, column]) => [column, m[field] ?? null]));
  return {
    ...(copied as Pick<MessageToStore, (typeof MESSAGE_FIELDS)[CopiedField]>),
    priority: m.priority ?? DEFAULT_LANE,
    callbackUrl: m.callbackUrl ?? accepted.callbackUrl ?? null,
    traceContext: accepted.traceContext,
    recipientHash: accepted.recipientHash,
    ...accepted.spend,
    encoding: accepted.count.encoding,
    segments: accepted.count.segments,
    sendAt: accepted.schedule.sendAt,
    expiresAt: accepted.schedule.expiresAt,
  };
}
