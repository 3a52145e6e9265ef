import { DEFAULT_PACE, validateMessageInput } from "@dispatcher/core";
import { getDispatcherState, insertMessages } from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { type FieldError, invalidInput } from "../error-handler.js";
import { MESSAGE_EXAMPLE, MessageSchema, toMessageDto } from "../message-dto.js";
import { errorResponses } from "../schemas.js";

/** The most messages one bulk request may carry. */
export const BULK_LIMIT = 1_000;

const NewMessageSchema = Type.Object(
  {
    to: Type.String({ description: "Recipient in E.164, e.g. +905551111111" }),
    content: Type.String({
      description: "1..messageMaxLength characters (default 160; see GET /api/v1/dispatcher)",
    }),
  },
  { additionalProperties: false, examples: [{ to: "+905551111111", content: "Your code is 1234" }] },
);

const BulkBodySchema = Type.Object(
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
            201: Type.Object(
              { count: Type.Integer(), items: Type.Array(MessageSchema) },
              { examples: [{ count: 1, items: [MESSAGE_EXAMPLE] }] },
            ),
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
