import { listDispatcherEvents } from "@dispatcher/db";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import {
  decodeIdCursor,
  encodeIdCursor,
  PAGE_LIMIT,
  pageOf,
  pageQuerySchema,
  readCursor,
} from "../http/pagination.js";
import { errorResponses } from "../schemas/common.js";
import { EventPageSchema } from "../schemas/dispatcher.js";

/** `GET /api/v1/dispatcher/events`: the audit trail, newest first, paginated. */
export function dispatcherEventRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async function dispatcherEventRoutes(app) {
    app.get(
      "/dispatcher/events",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Audit trail of start, stop, settings changes and cleared provider pauses, newest first",
          querystring: pageQuerySchema(),
          response: {
            200: EventPageSchema,
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { limit = PAGE_LIMIT.default } = request.query;
        const before = readCursor(request.query.cursor, decodeIdCursor);
        const rows = await listDispatcherEvents(deps.db, { limit, before });
        return pageOf(rows, {
          limit,
          toItem: (e) => ({ ...e, createdAt: e.createdAt.toISOString() }),
          cursorAfter: (last) => encodeIdCursor(last.id),
        });
      },
    );
  };
}
