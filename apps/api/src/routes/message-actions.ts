import { readRfc3339, sendJobId, validateRecipient } from "@dispatcher/core";
import {
  cancelPending,
  cancelPendingWhere,
  findRetryable,
  getMessage,
  retryFailedMany,
} from "@dispatcher/db";
import { readJobPresence } from "@dispatcher/redis";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { conflict, invalidInput, notFound } from "../http/error-handler.js";
import { refuseSpendLimit } from "../intake/spend-guard.js";
import { errorResponses, IdParamsSchema } from "../schemas/common.js";
import {
  BulkActionResultSchema,
  CancelFilterSchema,
  MessageSchema,
  RetryFilterSchema,
} from "../schemas/message.js";
import { toMessageDto } from "./message-dto.js";

/**
 * What an operator does to messages in bulk or before they go: `POST /api/v1/messages/:id/cancel`,
 * `POST /api/v1/messages/cancel` (by filter) and `POST /api/v1/messages/retry` (by filter). A
 * cancel takes only `pending` messages (never one a tick is claiming); a retry takes only `failed`
 * ones and first removes their finished send jobs, so each is enqueued afresh once claimed again.
 * Each is audited with the caller's key name.
 */
export function messageActionRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  /** `value` as a Date: RFC 3339 with a time zone, else a 400 naming `field`. */
  const readDate = (field: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const date = readRfc3339(value);
    if (!date) {
      throw invalidInput([{ field, message: "must be an RFC 3339 date-time such as 2026-11-22T10:00:00Z" }]);
    }
    return date;
  };
  return async function messageActionRoutes(app) {
    app.post(
      "/messages/:id/cancel",
      {
        schema: {
          tags: ["messages"],
          summary: "Cancel a pending message (it is never sent)",
          description:
            "Only a `pending` message can be cancelled; a claimed, sent or failed one answers 409.",
          params: IdParamsSchema,
          response: { 200: MessageSchema, ...errorResponses },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        const row = await cancelPending(deps.db, id, request.actor ?? "anonymous");
        if (row) return toMessageDto(row);
        const current = await getMessage(deps.db, id);
        if (!current) throw notFound(`message ${id} not found`);
        throw conflict(`message ${id} is ${current.status}; only a pending message can be cancelled`);
      },
    );

    app.post(
      "/messages/cancel",
      {
        schema: {
          tags: ["messages"],
          summary: "Cancel pending messages by filter",
          description:
            "Cancels up to `limit` pending messages matching every given condition, oldest first, in one " +
            "statement. At least one of `to`, `createdBefore` and `createdAfter` is required.",
          body: CancelFilterSchema,
          response: { 200: BulkActionResultSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { to, createdBefore, createdAfter, limit = 1_000 } = request.body;
        if (to === undefined && createdBefore === undefined && createdAfter === undefined) {
          throw invalidInput([
            { field: "(body)", message: "needs at least one of to, createdBefore, createdAfter" },
          ]);
        }
        if (to !== undefined) {
          const errors = validateRecipient(to);
          if (errors.length > 0) throw invalidInput(errors);
        }
        const count = await cancelPendingWhere(
          deps.db,
          {
            recipient: to,
            createdBefore: readDate("createdBefore", createdBefore),
            createdAfter: readDate("createdAfter", createdAfter),
            limit,
          },
          request.actor ?? "anonymous",
        );
        request.log.info({ actor: request.actor, count }, "messages cancelled");
        return { count };
      },
    );

    app.post(
      "/messages/retry",
      {
        schema: {
          tags: ["messages"],
          summary: "Put failed messages back to pending, by filter",
          description:
            "Retries up to `limit` failed messages matching every given condition, oldest first: each starts a " +
            "new round of attempts with its Idempotency-Key. A message whose send job is still finishing is " +
            "left for a later call.",
          body: RetryFilterSchema,
          response: { 200: BulkActionResultSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { failedSince, lastErrorContains, limit = 1_000 } = request.body;
        const filter = {
          failedSince: readDate("failedSince", failedSince),
          lastErrorContains,
          limit,
        };
        const candidates = await findRetryable(deps.db, filter);
        // A failed job would keep its id (msg-<id>) and make the next enqueue a no-op: remove each
        // finished one first; a job still live (its worker finishing) keeps its message failed.
        // Presence is read from the job hashes, O(1) per job whatever the queue's length.
        const presence = await readJobPresence(deps.queues.send, candidates.map(sendJobId));
        const ready = candidates.filter((_, i) => presence[i] !== "live");
        const finished = candidates.filter((_, i) => presence[i] === "finished");
        await Promise.all(finished.map((id) => deps.queues.send.remove(sendJobId(id))));
        const count = await retryFailedMany(deps.db, {
          ids: ready,
          filter,
          actor: request.actor ?? "anonymous",
        }).catch(refuseSpendLimit);
        request.log.info({ actor: request.actor, count }, "failed messages put back to pending");
        return { count };
      },
    );
  };
}
