import { convergeDispatcher } from "@dispatcher/control";
import { DEFAULT_LANE } from "@dispatcher/core";
import {
  changeDispatcherState,
  type DispatcherChange,
  getDispatcherState,
  listLanes,
  type PaceChange,
  recordProviderPauseCleared,
  UnknownLaneError,
} from "@dispatcher/db";
import { readScheduleStatus, redisNow, type ScheduleStatus } from "@dispatcher/redis";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../app-deps.js";
import { invalidInput, unavailable } from "../http/error-handler.js";
import { errorResponses } from "../schemas/common.js";
import { DispatcherSchema, PaceSchema } from "../schemas/dispatcher.js";
import { describeProviders } from "./providers.js";

/** The caller named in the audit trail: the API key's name (set by the protected scope). */
function actorOf(request: { actor?: string }): string {
  return request.actor ?? "anonymous";
}

/**
 * `GET /api/v1/dispatcher`, `PATCH /api/v1/dispatcher` and `POST /api/v1/dispatcher/{start,stop}`.
 * A change is stored and audited in Postgres first, then Redis is brought to it; if Redis cannot
 * be reached the answer is 503 and the stored change is applied by the reconcile loop once Redis
 * answers. Start and stop are idempotent (repeating one stores no new audit event), and both
 * clear a provider pause: an operator decides when sending resumes, not a day-long Retry-After.
 */
export function dispatcherRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const describe = async (log: FastifyBaseLogger) => {
    const [state, schedule, providers, lanes] = await Promise.all([
      getDispatcherState(deps.db),
      readScheduleStatus(deps.queues).catch((error: unknown): ScheduleStatus | undefined => {
        log.warn({ err: error }, "could not read the dispatcher's state in Redis");
        return undefined;
      }),
      describeProviders(deps, log),
      listLanes(deps.db),
    ]);
    if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
    const pause = schedule?.providerPause;
    const defaultLane = lanes.find((lane) => lane.name === DEFAULT_LANE);
    return {
      state: state.running ? ("running" as const) : ("stopped" as const),
      intervalMs: defaultLane?.intervalMs ?? 0,
      batchSize: defaultLane?.batchSize ?? 0,
      lanes: lanes.map(({ name, intervalMs, batchSize, ahead, arrival }) => ({
        name,
        intervalMs,
        batchSize,
        ahead,
        arrival,
      })),
      messageMaxLength: state.messageMaxLength,
      nextRunAt: state.running && schedule?.nextRunAt ? schedule.nextRunAt.toISOString() : null,
      providerPause: pause
        ? { remainingMs: pause.remainingMs, setAt: pause.setAt?.toISOString() ?? null }
        : null,
      providers,
      updatedAt: state.updatedAt.toISOString(),
      updatedBy: state.updatedBy,
    };
  };

  /**
   * An operator's start or stop: clears provider pauses asked for before now, on Redis's clock
   * (where pauses are noted); the local clock when Redis cannot be read (the change is stored
   * anyway and applied once Redis answers).
   */
  const operatorNow = () => redisNow(deps.queues).catch(() => new Date());

  /** Stores `change`, converges Redis, audits a cleared provider pause; answers the new state. */
  const change = async (
    request: { actor?: string; log: FastifyBaseLogger },
    what: DispatcherChange,
    summary: string,
  ) => {
    const actor = actorOf(request);
    const { changed } = await changeDispatcherState(deps.db, what, actor).catch((error: unknown) => {
      if (error instanceof UnknownLaneError) {
        throw invalidInput([
          { field: `lanes.${error.lane}`, message: "names no lane (GET /api/v1/dispatcher lists them)" },
        ]);
      }
      throw error;
    });
    if (changed) request.log.info({ actor, ...what }, summary);
    let clearedPauseMs: number;
    try {
      ({ clearedPauseMs } = await convergeDispatcher(deps));
    } catch (error) {
      request.log.error({ err: error }, "stored the change but could not apply it to Redis");
      throw unavailable(
        "the change is stored, but Redis could not be updated; it is applied as soon as Redis answers",
      );
    }
    if (clearedPauseMs > 0) {
      request.log.warn({ actor, remainingMs: clearedPauseMs }, "provider pause cleared by an operator");
      await recordProviderPauseCleared(deps.db, actor, clearedPauseMs);
    }
    return describe(request.log);
  };
  const responses = { 200: DispatcherSchema, ...errorResponses };

  return async function dispatcherRoutes(app) {
    app.get(
      "/dispatcher",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "The dispatcher's state, pace, content limit, next run and any provider pause",
          response: responses,
        },
      },
      async (request) => describe(request.log),
    );
    app.patch(
      "/dispatcher",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Change a lane's pace or the content limit at runtime",
          description:
            "Changes the default lane's (bulk) intervalMs and batchSize, any lane's under lanes (by name), and/or " +
            "messageMaxLength. Every worker uses the new batch sizes and content limit from its next tick; a new " +
            "interval reschedules the ticks. No restart. Persisted and audited.",
          body: PaceSchema,
          response: responses,
        },
      },
      async (request) => {
        const { intervalMs, batchSize, lanes = {}, messageMaxLength } = request.body;
        if ((intervalMs !== undefined || batchSize !== undefined) && lanes[DEFAULT_LANE]) {
          throw invalidInput([
            {
              field: `lanes.${DEFAULT_LANE}`,
              message: `repeats intervalMs and batchSize, which set the ${DEFAULT_LANE} lane: give its pace once`,
            },
          ]);
        }
        const paces: Record<string, PaceChange> = { ...lanes };
        if (intervalMs !== undefined || batchSize !== undefined) {
          paces[DEFAULT_LANE] = { intervalMs, batchSize };
        }
        return change(request, { messageMaxLength, lanes: paces }, "dispatcher settings changed");
      },
    );
    app.post(
      "/dispatcher/start",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Start sending (idempotent); clears a provider pause",
          description:
            "Creates the tick scheduler, resumes both queues and clears any provider pause (a 429's Retry-After). " +
            "The first tick runs at once and sees the new state. Persisted and audited.",
          response: responses,
        },
      },
      async (request) =>
        change(request, { running: true, providerPauseClearedAt: await operatorNow() }, "dispatcher started"),
    );
    app.post(
      "/dispatcher/stop",
      {
        schema: {
          tags: ["dispatcher"],
          summary: "Stop sending (idempotent); clears a provider pause",
          description:
            "Removes the tick scheduler and pauses the send queue; sends in flight finish. Clears any provider pause, " +
            "so a later start sends at once. Persisted and audited.",
          response: responses,
        },
      },
      async (request) =>
        change(
          request,
          { running: false, providerPauseClearedAt: await operatorNow() },
          "dispatcher stopped",
        ),
    );
  };
}
