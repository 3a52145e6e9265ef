import { listSent } from "@dispatcher/db";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import {
  decodeSentCursor,
  encodeSentCursor,
  PAGE_LIMIT,
  pageOf,
  pageQuerySchema,
  readCursor,
} from "../http/pagination.js";
import { errorResponses } from "../schemas/common.js";
import { SentPageSchema } from "../schemas/message.js";

/** `GET /api/v1/messages/sent`: sent messages, newest first, keyset-paginated. */
export function sentMessageRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async function sentMessageRoutes(app) {
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
        const { limit = PAGE_LIMIT.default } = request.query;
        const cursor = readCursor(request.query.cursor, decodeSentCursor);
        const rows = await listSent(deps.db, { limit, cursor });
        const cached = await deps.cache.lookup(rows.map((r) => r.id)).catch((error: unknown) => {
          request.log.warn({ err: error }, "sent cache unavailable; reading Postgres only");
          return new Map();
        });
        return pageOf(rows, {
          limit,
          toItem: (row) => {
            const hit = cached.get(row.id);
            return {
              id: row.id,
              to: row.recipient,
              content: row.content,
              messageId: hit?.providerMessageId ?? row.providerMessageId,
              sentAt: (hit?.sentAt ?? row.sentAt!).toISOString(),
            };
          },
          cursorAfter: (last) => encodeSentCursor({ sentAt: last.sentAt!, id: last.id }),
        });
      },
    );
  };
}
