import { LANE_NAME_PATTERN, recipientHash, sendJobId } from "@dispatcher/core";
import { getMessage, listMessages, listReceipts, retryFailed } from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { conflict, notFound } from "../http/error-handler.js";
import {
  decodeIdCursor,
  encodeIdCursor,
  PAGE_LIMIT,
  pageOf,
  pageQuerySchema,
  readCursor,
} from "../http/pagination.js";
import { refuseSpendLimit } from "../intake/spend-guard.js";
import { DeliveryStatusSchema, errorResponses, IdParamsSchema, StatusSchema } from "../schemas/common.js";
import { MessagePageSchema, MessageSchema } from "../schemas/message.js";
import { ReceiptListSchema } from "../schemas/receipt.js";
import { toMessageDto } from "./message-dto.js";

/**
 * `GET /api/v1/messages` (newest first, by recipient, lane, status and delivery status), `GET /api/v1/messages/:id`,
 * `GET /api/v1/messages/:id/receipts` and `POST /api/v1/messages/:id/retry`. A non-numeric id is a 400 naming `id`; an unknown one a 404.
 */
export function messageQueryRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async function messageQueryRoutes(app) {
    app.get(
      "/messages",
      {
        schema: {
          tags: ["messages"],
          summary: "Messages, newest first, optionally by recipient, lane, status and delivery status",
          description:
            "`to` finds a number's messages by the keyed hash stored with each (RECIPIENT_HASH_KEY), erased " +
            "ones included; messages stored without a hash (inserted other than through the API) are not found.",
          querystring: pageQuerySchema({
            to: Type.Optional(
              Type.String({
                pattern: "^[+ ][1-9][0-9]{6,14}$",
                description:
                  "Only messages to this number, E.164 (`+905551111111`; a `+` left unencoded in the query " +
                  "string reads as a space, and is taken as the `+`)",
              }),
            ),
            status: Type.Optional(StatusSchema),
            deliveryStatus: Type.Optional(DeliveryStatusSchema),
            priority: Type.Optional(
              Type.String({ pattern: LANE_NAME_PATTERN.source, description: "Only this lane's messages" }),
            ),
          }),
          response: { 200: MessagePageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { to, status, deliveryStatus, priority, limit = PAGE_LIMIT.default } = request.query;
        const before = readCursor(request.query.cursor, decodeIdCursor);
        const number = to === undefined ? undefined : `+${to.slice(1)}`;
        const rows = await listMessages(deps.db, {
          status,
          deliveryStatus,
          priority,
          recipientHash:
            number === undefined ? undefined : recipientHash(deps.settings.recipientHashKey, number),
          limit,
          before,
        });
        return pageOf(rows, { limit, toItem: toMessageDto, cursorAfter: (last) => encodeIdCursor(last.id) });
      },
    );

    app.get(
      "/messages/:id",
      {
        schema: {
          tags: ["messages"],
          summary: "One message, with attempts, last error and timestamps",
          params: IdParamsSchema,
          response: { 200: MessageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        const row = await getMessage(deps.db, id);
        if (!row) throw notFound(`message ${id} not found`);
        return toMessageDto(row);
      },
    );

    app.get(
      "/messages/:id/receipts",
      {
        schema: {
          tags: ["messages"],
          summary: "A message's delivery receipts, by the provider's time",
          description:
            "Every receipt matched to the message, including those that did not change its status.",
          params: IdParamsSchema,
          response: { 200: ReceiptListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        if (!(await getMessage(deps.db, id))) throw notFound(`message ${id} not found`);
        const receipts = await listReceipts(deps.db, id);
        return {
          items: receipts.map((r) => ({
            status: r.status,
            at: r.at.toISOString(),
            errorCode: r.errorCode,
            providerMessageId: r.providerMessageId,
            receivedAt: r.receivedAt.toISOString(),
          })),
        };
      },
    );

    app.post(
      "/messages/:id/retry",
      {
        schema: {
          tags: ["messages"],
          summary: "Put a failed or unconfirmed message back to pending",
          description:
            "Only a `failed` or `unconfirmed` message can be retried (409 otherwise, and while a worker " +
            "is still finishing its send job). It keeps its Idempotency-Key. Retrying an `unconfirmed` " +
            "message is the decision that it may arrive twice: its provider may already have sent it.",
          params: IdParamsSchema,
          response: { 200: MessageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        const current = await getMessage(deps.db, id);
        if (!current) throw notFound(`message ${id} not found`);
        if (current.erasedAt !== null) {
          throw conflict(`message ${id} was erased after its retention; it cannot be sent again`);
        }
        if (current.status !== "failed" && current.status !== "unconfirmed") {
          throw conflict(
            `message ${id} is ${current.status}; only a failed or unconfirmed message can be retried`,
          );
        }
        // The failed job would keep its id (msg-<id>) and make the next enqueue a no-op: remove it
        // first, while the message is still failed and no tick can claim it. BullMQ removes no job
        // a worker holds (0): the message then stays as it is, as the bulk retry leaves it.
        if ((await deps.queues.send.remove(sendJobId(id))) !== 1) {
          throw conflict(
            `message ${id}'s send job is still being processed by a worker; retry once it has finished`,
          );
        }
        const row = await retryFailed(deps.db, id, request.actor ?? "anonymous").catch(refuseSpendLimit);
        if (!row) {
          throw conflict(
            `message ${id} changed meanwhile; only a failed or unconfirmed message can be retried`,
          );
        }
        request.log.info({ messageId: id, actor: request.actor }, "message put back to pending");
        return toMessageDto(row);
      },
    );
  };
}
