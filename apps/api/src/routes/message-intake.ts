import { DEFAULT_PACE, validateMessageInput } from "@dispatcher/core";
import { getDispatcherState, insertMessages } from "@dispatcher/db";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { type FieldError, invalidInput } from "../error-handler.js";
import { toMessageDto } from "../message-dto.js";
import { errorResponses } from "../schemas/common.js";
import {
  BULK_LIMIT,
  BulkBodySchema,
  BulkCreatedSchema,
  MessageSchema,
  NewMessageSchema,
} from "../schemas/message.js";

/**
 * `POST /api/v1/messages` and `POST /api/v1/messages/bulk`. Both validate every message (a real
 * E.164 number, 1..messageMaxLength characters, the limit stored with the dispatcher state that
 * every worker enforces too) before storing anything; bulk is all-or-nothing and its 400 names
 * every bad item by index. Stored messages are `pending`, sent oldest first.
 */
export function messageIntakeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const contentLimit = async () => {
    const state = await getDispatcherState(deps.db);
    if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
    return state.messageMaxLength ?? DEFAULT_PACE.messageMaxLength;
  };
  return async (app) => {
    app.post(
      "/messages",
      {
        schema: {
          tags: ["messages"],
          summary: "Add a message",
          body: NewMessageSchema,
          response: { 201: MessageSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const errors = validateMessageInput(request.body, await contentLimit());
        if (errors.length > 0) throw invalidInput(errors);
        const [row] = await insertMessages(deps.db, [
          { recipient: request.body.to, content: request.body.content },
        ]);
        return reply.status(201).send(toMessageDto(row!));
      },
    );

    app.post(
      "/messages/bulk",
      {
        schema: {
          tags: ["messages"],
          summary: `Add up to ${BULK_LIMIT} messages, all or nothing`,
          description: "If any message is invalid none is stored, and the 400 lists every bad item by index.",
          body: BulkBodySchema,
          response: {
            201: BulkCreatedSchema,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const items = request.body.messages;
        const maxLength = await contentLimit();
        const errors: FieldError[] = items.flatMap((item, index) =>
          validateMessageInput(item, maxLength).map((e) => ({ index, ...e })),
        );
        if (errors.length > 0) throw invalidInput(errors);
        // One statement: every row is stored, or none.
        const rows = await insertMessages(
          deps.db,
          items.map((m) => ({ recipient: m.to, content: m.content })),
        );
        return reply.status(201).send({ count: rows.length, items: rows.map(toMessageDto) });
      },
    );
  };
}
