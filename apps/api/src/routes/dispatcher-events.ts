import { listDispatcherEvents } from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { decodeIdCursor, encodeIdCursor, pageOf, pageQuerySchema, readCursor } from "../pagination.js";
import { errorResponses } from "../schemas.js";

const EventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(
    [
      Type.Literal("start"),
      Type.Literal("stop"),
      Type.Literal("config"),
      Type.Literal("provider-pause-cleared"),
    ],
    {
      description:
        "provider-pause-cleared: a start or stop (actor: the key's name) ended a provider pause, or the reconcile " +
        "loop (actor: system) cleared one that raced with a start or stop, or one no provider asked for",
    },
  ),
  actor: Type.String({ description: "The API key's name, or system for an auto-start" }),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: "date-time" }),
});

/** `GET /api/v1/dispatcher/events`: the audit trail, newest first, paginated. */
export function dispatcherEventRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/dispatcher/events",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Audit trail of start, stop, settings changes and cleared provider pauses, newest first",
          querystring: pageQuerySchema(),
          response: {
            200: Type.Object(
              { items: Type.Array(EventSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
              {
                examples: [
                  {
                    items: [
                      {
                        id: 3,
                        kind: "config",
                        actor: "ops",
                        details: {
                          from: { intervalMs: 120000, batchSize: 2 },
                          to: { intervalMs: 60000, batchSize: 2 },
                        },
                        createdAt: "2026-11-22T10:05:00.000Z",
                      },
                      {
                        id: 1,
                        kind: "start",
                        actor: "system",
                        details: {},
                        createdAt: "2026-11-22T10:00:00.000Z",
                      },
                    ],
                    nextCursor: null,
                  },
                ],
              },
            ),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { limit } = request.query;
        const before = readCursor(request.query.cursor, decodeIdCursor);
        const rows = await listDispatcherEvents(deps.db, { limit, before });
        return pageOf(
          rows,
          limit,
          (e) => ({ ...e, createdAt: e.createdAt.toISOString() }),
          (last) => encodeIdCursor(last.id),
        );
      },
    );
  };
}
