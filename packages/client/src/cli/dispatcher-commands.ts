import { type Command, defined, integer, outcomeOf, UsageError } from "./invocation.js";
import { readPages } from "./pages.js";

/** `status`: the dispatcher's state, paces and next run. */
export const status: Command = async ({ client }) => outcomeOf(await client.GET("/api/v1/dispatcher"));

/** `start`: starts sending. */
export const start: Command = async ({ client }) => outcomeOf(await client.POST("/api/v1/dispatcher/start"));

/** `stop`: stops sending. */
export const stop: Command = async ({ client }) => outcomeOf(await client.POST("/api/v1/dispatcher/stop"));

/** `pace`: changes a lane's pace (bulk without --lane) or the content limit. */
export const pace: Command = async ({ client, option }) => {
  const paceOf = defined({
    intervalMs: integer("interval-ms", option("interval-ms")),
    batchSize: integer("batch-size", option("batch-size")),
  });
  const lane = option("lane");
  if (lane !== undefined && Object.keys(paceOf).length === 0) {
    throw new UsageError("pace --lane needs --interval-ms or --batch-size");
  }
  const body = defined({
    ...(lane === undefined ? paceOf : { lanes: { [lane]: paceOf } }),
    messageMaxLength: integer("max-length", option("max-length")),
  });
  if (Object.keys(body).length === 0) throw new UsageError("pace needs at least one of its options");
  return outcomeOf(await client.PATCH("/api/v1/dispatcher", { body }));
};

/** `events`: the audit trail, newest first, a page at a time (or --all). */
export const events: Command = (invocation) =>
  readPages(
    invocation,
    (query) => invocation.client.GET("/api/v1/dispatcher/events", { params: { query } }),
    ["id", "kind", "actor", "createdAt", "details"],
  );
