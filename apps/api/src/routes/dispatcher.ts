import { getDispatcherState } from "@dispatcher/db";
import { changeDispatcher, readScheduleStatus } from "@dispatcher/queue";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { errorResponses } from "../schemas.js";

const DispatcherSchema = Type.Object(
  {
    state: Type.Union([Type.Literal("running"), Type.Literal("stopped")]),
    intervalMs: Type.Integer({ description: "Milliseconds between ticks" }),
    batchSize: Type.Integer({ description: "Messages claimed per tick" }),
    nextRunAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
      description: "When the next tick is due; null when stopped",
    }),
    updatedAt: Type.String({ format: "date-time" }),
    updatedBy: Type.String({ description: "Who last changed the state: an API key's name, or system" }),
  },
  {
    examples: [
      {
        state: "running",
        intervalMs: 120000,
        batchSize: 2,
        nextRunAt: "2026-11-22T10:02:00.000Z",
        updatedAt: "2026-11-22T10:00:00.000Z",
        updatedBy: "system",
      },
    ],
  },
);

/** The caller named in the audit trail: the API key's name (set by the auth hook). */
function actorOf(request: { actor?: string }): string {
  return request.actor ?? "anonymous";
}

const PaceSchema = Type.Object(
  {
    intervalMs: Type.Optional(
      Type.Integer({
        minimum: 1_000,
        maximum: 86_400_000,
        description: "Milliseconds between ticks (1 s..24 h)",
      }),
    ),
    batchSize: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 10_000, description: "Messages claimed per tick" }),
    ),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ intervalMs: 60000, batchSize: 10 }] },
);

/**
 * `GET /api/v1/dispatcher` and `POST /api/v1/dispatcher/{start,stop}`. Start and stop are
 * idempotent: repeating one answers 200 with the same state and stores no new audit event.
 */
export function dispatcherRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const describe = async () => {
    const [state, schedule] = await Promise.all([
      getDispatcherState(deps.db),
      readScheduleStatus(deps.queues),
    ]);
    if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
    return {
      state: state.running ? ("running" as const) : ("stopped" as const),
      intervalMs: state.intervalMs,
      batchSize: state.batchSize,
      nextRunAt: state.running && schedule.nextRunAt ? schedule.nextRunAt.toISOString() : null,
      updatedAt: state.updatedAt.toISOString(),
      updatedBy: state.updatedBy,
    };
  };
  const responses = { 200: DispatcherSchema, ...errorResponses };

  return async (app) => {
    app.get(
      "/dispatcher",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "The dispatcher's state, pace and next run",
          response: responses,
        },
      },
      async () => describe(),
    );
    app.patch(
      "/dispatcher",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Change the pace at runtime",
          description:
            "Changes intervalMs and/or batchSize. Every worker uses the new batch size from its next tick; a new " +
            "interval reschedules the ticks. No restart. Persisted and audited.",
          body: PaceSchema,
          response: responses,
        },
      },
      async (request) => {
        const { changed } = await changeDispatcher(deps, request.body, actorOf(request));
        if (changed)
          request.log.info({ actor: actorOf(request), ...request.body }, "dispatcher pace changed");
        return describe();
      },
    );
    app.post(
      "/dispatcher/start",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Start sending (idempotent)",
          description: "Creates the tick scheduler and resumes the send queue. Persisted and audited.",
          response: responses,
        },
      },
      async (request) => {
        const { changed } = await changeDispatcher(deps, { running: true }, actorOf(request));
        if (changed) request.log.info({ actor: actorOf(request) }, "dispatcher started");
        return describe();
      },
    );
    app.post(
      "/dispatcher/stop",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Stop sending (idempotent)",
          description:
            "Removes the tick scheduler and pauses the send queue; sends in flight finish. Persisted and audited.",
          response: responses,
        },
      },
      async (request) => {
        const { changed } = await changeDispatcher(deps, { running: false }, actorOf(request));
        if (changed) request.log.info({ actor: actorOf(request) }, "dispatcher stopped");
        return describe();
      },
    );
  };
}
