import { createHash } from "node:crypto";
import { DEFAULT_PACE, validateMessageInput } from "@dispatcher/core";
import {
  findIntake,
  findOptOuts,
  getDispatcherState,
  insertMessages,
  insertMessagesOnce,
  type Message,
} from "@dispatcher/db";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { AppDeps } from "../app-deps.js";
import { type FieldError, HttpError, invalidInput, unprocessable } from "../error-handler.js";
import { toMessageDto } from "../message-dto.js";
import { errorResponses, IdempotencyHeadersSchema } from "../schemas/common.js";
import {
  BULK_LIMIT,
  BulkBodySchema,
  BulkCreatedSchema,
  MessageSchema,
  NewMessageSchema,
} from "../schemas/message.js";

/**
 * `POST /api/v1/messages` and `POST /api/v1/messages/bulk`. Both validate every message (a real
 * E.164 number of an ALLOWED_COUNTRIES country, 1..messageMaxLength characters, the limit stored
 * with the dispatcher state that every worker enforces too) before storing anything; bulk is
 * all-or-nothing and its 400 names every bad item by index. A number on the suppression list (see
 * opt-outs.ts) is a 409 naming why (every such item, for bulk), and nothing is stored. Stored
 * messages are `pending`, sent oldest first.
 *
 * With an `Idempotency-Key` header, a request is stored at most once per key and API key name
 * (see insertMessagesOnce): a retry with the same body gets the first answer again (201, the same
 * message ids, with `Idempotent-Replayed: true`) and stores nothing, even if the rules changed
 * since (the earlier request is looked up before any check); the same key with another body, or
 * on the other route, is a 422 and stores nothing.
 */
export function messageIntakeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const contentLimit = async () => {
    const state = await getDispatcherState(deps.db);
    if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
    return state.messageMaxLength ?? DEFAULT_PACE.messageMaxLength;
  };

  /** Refuses the request (409) when any of `items` goes to a number on the suppression list. */
  const refuseOptedOut = async (items: { to: string }[], bulk: boolean) => {
    const optOuts = await findOptOuts(
      deps.db,
      items.map((m) => m.to),
    );
    const errors: FieldError[] = items.flatMap((m, index) => {
      const optOut = optOuts.get(m.to);
      if (!optOut) return [];
      const message = `is on the suppression list (${optOut.reason}); DELETE /api/v1/opt-outs/${m.to} to allow it`;
      return [bulk ? { index, field: "to", message } : { field: "to", message }];
    });
    if (errors.length === 0) return;
    const first = errors[0]!;
    const where = first.index === undefined ? "" : `messages[${first.index}].`;
    throw new HttpError(
      409,
      `${where}to ${first.message}${errors.length > 1 ? `; and ${errors.length - 1} more` : ""}`,
      errors,
    );
  };

  /**
   * Stores `items` (once per Idempotency-Key when the request has one) after `check` passes;
   * answers 201 with `answer(rows)`. A request whose key was seen before is answered from the
   * earlier one before `check` runs.
   */
  const intake = async <T>(
    request: { headers: { "idempotency-key"?: string }; actor?: string; routeOptions: { url?: string } },
    reply: FastifyReply,
    items: { to: string; content: string }[],
    check: () => Promise<void>,
    answer: (rows: Message[]) => T,
  ) => {
    const rows = items.map((m) => ({ recipient: m.to, content: m.content }));
    const key = request.headers["idempotency-key"];
    const intakeKey =
      key === undefined
        ? undefined
        : {
            scope: request.actor ?? "anonymous",
            key,
            requestHash: createHash("sha256")
              .update(JSON.stringify([request.routeOptions.url, rows.map((r) => [r.recipient, r.content])]))
              .digest("hex"),
            ttlMs: deps.settings.intakeKeyTtlMs,
          };
    let outcome = intakeKey && (await findIntake(deps.db, intakeKey));
    if (!outcome) {
      await check();
      outcome = intakeKey
        ? await insertMessagesOnce(deps.db, intakeKey, rows)
        : { kind: "stored", messages: await insertMessages(deps.db, rows) };
    }
    if (outcome.kind === "mismatch") {
      throw unprocessable(
        "this Idempotency-Key was already used with another request; send a new key for a new request",
      );
    }
    if (outcome.kind === "replayed") reply.header("idempotent-replayed", "true");
    return reply.status(201).send(answer(outcome.messages));
  };

  return async (app) => {
    app.post(
      "/messages",
      {
        schema: {
          tags: ["messages"],
          summary: "Add a message",
          headers: IdempotencyHeadersSchema,
          body: NewMessageSchema,
          response: { 201: MessageSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        intake(
          request,
          reply,
          [request.body],
          async () => {
            const errors = validateMessageInput(
              request.body,
              await contentLimit(),
              deps.settings.allowedCountries,
            );
            if (errors.length > 0) throw invalidInput(errors);
            await refuseOptedOut([request.body], false);
          },
          (rows) => toMessageDto(rows[0]!),
        ),
    );

    app.post(
      "/messages/bulk",
      {
        schema: {
          tags: ["messages"],
          summary: `Add up to ${BULK_LIMIT} messages, all or nothing`,
          description: "If any message is invalid none is stored, and the 400 lists every bad item by index.",
          headers: IdempotencyHeadersSchema,
          body: BulkBodySchema,
          response: {
            201: BulkCreatedSchema,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const items = request.body.messages;
        // One statement: every row is stored, or none.
        return intake(
          request,
          reply,
          items,
          async () => {
            const maxLength = await contentLimit();
            const errors: FieldError[] = items.flatMap((item, index) =>
              validateMessageInput(item, maxLength, deps.settings.allowedCountries).map((e) => ({
                index,
                ...e,
              })),
            );
            if (errors.length > 0) throw invalidInput(errors);
            await refuseOptedOut(items, true);
          },
          (rows) => ({ count: rows.length, items: rows.map(toMessageDto) }),
        );
      },
    );
  };
}
