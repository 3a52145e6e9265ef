import type { paths } from "../openapi.js";
import {
  type Command,
  defined,
  integer,
  messageId,
  outcomeOf,
  phoneNumber,
  UsageError,
} from "./invocation.js";
import { readPages } from "./pages.js";

/** The fields a table of messages shows. */
const MESSAGE_COLUMNS = ["id", "status", "priority", "to", "attempts", "segments", "createdAt", "lastError"];

type ListQuery = NonNullable<paths["/api/v1/messages"]["get"]["parameters"]["query"]>;
type Status = NonNullable<ListQuery["status"]>;
type DeliveryStatus = NonNullable<ListQuery["deliveryStatus"]>;

/** `list --status` values: the API's, checked both ways (none it lacks, none missing). */
const STATUSES = [
  "pending",
  "queued",
  "sending",
  "sent",
  "failed",
  "cancelled",
  "expired",
  "unconfirmed",
] as const satisfies readonly Status[];
const EVERY_STATUS: [Exclude<Status, (typeof STATUSES)[number]>] extends [never] ? true : never = true;

/** `list --delivery-status` values, checked as STATUSES is. */
const DELIVERY_STATUSES = [
  "delivered",
  "failed",
  "undelivered",
  "expired",
  "unknown",
] as const satisfies readonly DeliveryStatus[];
const EVERY_DELIVERY_STATUS: [Exclude<DeliveryStatus, (typeof DELIVERY_STATUSES)[number]>] extends [never]
  ? true
  : never = true;
void [EVERY_STATUS, EVERY_DELIVERY_STATUS];

/** An option that must be one of `allowed`, or undefined when it was not given. */
function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || allowed.includes(value as T)) return value as T | undefined;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got "${value}"`);
}

/** `send`: adds a message. */
export const send: Command = async ({ client, option }) => {
  const to = option("to");
  const content = option("content");
  if (!to || content === undefined) throw new UsageError("send needs --to and --content");
  const key = option("idempotency-key");
  return outcomeOf(
    await client.POST("/api/v1/messages", {
      body: defined({
        to,
        content,
        priority: option("priority"),
        sendAt: option("send-at"),
        validitySeconds: integer("validity-seconds", option("validity-seconds")),
      }) as { to: string; content: string },
      params: { header: key === undefined ? {} : { "idempotency-key": key } },
    }),
  );
};

/** `get <id>`: one message. */
export const get: Command = async ({ client, args }) =>
  outcomeOf(
    await client.GET("/api/v1/messages/{id}", { params: { path: { id: messageId(args[0], "get") } } }),
  );

/** `receipts <id>`: a message's delivery receipts. */
export const receipts: Command = async ({ client, args }) =>
  outcomeOf(
    await client.GET("/api/v1/messages/{id}/receipts", {
      params: { path: { id: messageId(args[0], "receipts") } },
    }),
    ["status", "at", "errorCode", "providerMessageId", "receivedAt"],
  );

/** `list`: messages, newest first, filtered by status, delivery status, lane and recipient. */
export const list: Command = (invocation) => {
  const { option } = invocation;
  const to = option("to");
  const filter = defined({
    status: oneOf("status", option("status"), STATUSES),
    deliveryStatus: oneOf("delivery-status", option("delivery-status"), DELIVERY_STATUSES),
    to: to === undefined ? undefined : phoneNumber(to, "list --to"),
    priority: option("lane"),
  });
  return readPages(
    invocation,
    (page) => invocation.client.GET("/api/v1/messages", { params: { query: { ...filter, ...page } } }),
    MESSAGE_COLUMNS,
  );
};

/** `sent`: sent messages, newest first. */
export const sent: Command = (invocation) =>
  readPages(invocation, (query) => invocation.client.GET("/api/v1/messages/sent", { params: { query } }), [
    "id",
    "to",
    "messageId",
    "sentAt",
  ]);

/** `estimate`: how a content would be billed (encoding, segments), without storing anything. */
export const estimate: Command = async ({ client, option, args }) => {
  const content = option("content") ?? args[0];
  if (content === undefined || content === "") throw new UsageError("estimate needs --content TEXT");
  return outcomeOf(await client.POST("/api/v1/messages/estimate", { body: { content } }));
};
