import { listSent } from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { decodeSentCursor, encodeSentCursor, pageOf, pageQuerySchema, readCursor } from "../pagination.js";
import { errorResponses } from "../schemas.js";

const SentMessageSchema = Type.Object({
  id: Type.Integer(),
  to: Type.String({ description: "E.164 recipient" }),
  content: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()], { description: "The provider's id for the message" }),
  sentAt: Type.String({ format: "date-time" }),
});

const SentPageSchema = Type.Object(
  {
    items: Type.Array(SentMessageSchema),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: "Pass as `cursor` for the next page; null on the last page",
    }),
  },
  {
    examples: [
      {
        items: [
          {
            id: 42,
            to: "+905551111111",
            content: "Your code is 1234",
            messageId: "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
            sentAt: "2026-11-22T10:00:01.123Z",
          },
        ],
        nextCursor: "WyIyMDI2LTExLTIyVDEwOjAwOjAxLjEyM1oiLDQyXQ",
      },
    ],
  },
);

/** `GET /api/v1/messages/sent`: sent messages, newest first, keyset-paginated. */
export function sentMessageRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/messages/sent",
      {
        schema: {
          tags: ["messages"],
          summary: "Sent messages, newest first",
          description:
            "Keyset pagination: pass the previous page's `nextCursor` as `cursor`. Pages never skip or repeat " +
            "a message, even while more are being sent. `messageId` and `sentAt` come from the Redis cache " +
            "where present, else from Postgres.",
          querystring: pageQuerySchema(),
          response: { 200: SentPageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const cursor = readCursor(request.query.cursor, decodeSentCursor);
        const rows = await listSent(deps.db, { limit, cursor });
        const cached = await deps.cache.lookup(rows.map((r) => r.id)).catch((error: unknown) => {
          request.log.warn({ err: error }, "sent cache unavailable; reading Postgres only");
          return new Map();
        });
        return pageOf(
          rows,
          limit,
          (row) => {
            const hit = cached.get(row.id);
            return {
              id: row.id,
              to: row.recipient,
              content: row.content,
              messageId: hit?.providerMessageId ?? row.providerMessageId,
              sentAt: (hit?.sentAt ?? row.sentAt!).toISOString(),
            };
          },
          (last) => encodeSentCursor({ sentAt: last.sentAt!, id: last.id }),
        );
      },
    );
  };
}
