import { createHash } from "node:crypto";
import {
  checkCallbackUrl,
  countSegments,
  DEFAULT_PACE,
  DEFAULT_PRIORITY,
  readSchedule,
  type Schedule,
  type SegmentCount,
  validateMessageInput,
} from "@dispatcher/core";
import {
  findIntake,
  findOptOuts,
  getDispatcherState,
  insertMessages,
  insertMessagesOnce,
  type Message,
  type MessageToStore,
} from "@dispatcher/db";
import { intakeTraceparents } from "@dispatcher/telemetry";
import type { FastifyPluginAsyncTypebox, Static } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import type { AppDeps } from "../app-deps.js";
import { type FieldError, HttpError, invalidInput, unprocessable } from "../error-handler.js";
import { toMessageDto } from "../message-dto.js";
import { errorResponses, IdempotencyHeadersSchema } from "../schemas/common.js";
import {
  BULK_LIMIT,
  BulkBodySchema,
  BulkCreatedSchema,
  EstimateBodySchema,
  EstimateSchema,
  MessageSchema,
  NewMessageSchema,
} from "../schemas/message.js";

/** One message as a client sends it (see NewMessageSchema). */
type NewMessage = Static<typeof NewMessageSchema>;

/**
 * `POST /api/v1/messages` and `POST /api/v1/messages/bulk`. Both validate every message (a real
 * E.164 number of an ALLOWED_COUNTRIES country, 1..messageMaxLength characters, the limit stored
 * with the dispatcher state that every worker enforces too) before storing anything; bulk is
 * all-or-nothing and its 400 names every bad item by index. A number on the suppression list (see
 * opt-outs.ts) is a 409 naming why (every such item, for bulk), and nothing is stored. Stored
 * messages are `pending`, sent oldest first within their lane (`priority`, default bulk).
 *
 * With an `Idempotency-Key` header, a request is stored at most once per key and API key name
 * (see insertMessagesOnce): a retry with the same body gets the first answer again (201, the same
 * message ids, with `Idempotent-Replayed: true`) and stores nothing, even if the rules changed
 * since (the earlier request is looked up before any check); the same key with another body, or
 * on the other route, is a 422 and stores nothing.
 *
 * A message may carry `sendAt` (not sent before) and `expiresAt` or `validitySeconds` (unsent by
 * then, it ends `expired`); see readSchedule for what is refused. One without `callbackUrl` gets
 * its API key's (API_KEY_CALLBACK_URLS), checked as a given one is.
 */
export function messageIntakeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const contentLimit = async () => {
    const state = await getDispatcherState(deps.db);
    if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
    return state.messageMaxLength ?? DEFAULT_PACE.messageMaxLength;
  };

  const count = (content: string): SegmentCount =>
    countSegments(content, { turkishShiftTables: deps.settings.segments.turkishShiftTables });

  /** Field errors for contents over MESSAGE_MAX_SEGMENTS (none when it is 0). */
  const segmentErrors = (counts: SegmentCount[], bulk: boolean): FieldError[] => {
    const max = deps.settings.segments.max;
    if (max === 0) return [];
    return counts.flatMap((c, index) => {
      if (c.segments <= max) return [];
      const message = `takes ${c.segments} SMS segments (${c.encoding}); at most ${max} (MESSAGE_MAX_SEGMENTS)`;
      return [bulk ? { index, field: "content", message } : { field: "content", message }];
    });
  };

  /** The callback URL of messages taken with API key `actor` that give none (API_KEY_CALLBACK_URLS). */
  const keyCallbackUrl = (actor: string | undefined): string | undefined => {
    const byKey = deps.settings.callbacks?.byKey;
    return actor !== undefined && byKey && Object.hasOwn(byKey, actor) ? byKey[actor] : undefined;
  };

  /**
   * Field errors for callback URLs (a message's own, else its API key's): callbacks off, not
   * http(s), or (without ALLOW_PRIVATE_CALLBACKS) a private address. Each distinct URL is checked
   * once per request.
   */
  const callbackErrors = async (
    items: NewMessage[],
    bulk: boolean,
    actor: string | undefined,
  ): Promise<FieldError[]> => {
    const keyUrl = keyCallbackUrl(actor);
    const callbacks = deps.settings.callbacks;
    const checks = new Map<string, Promise<string | undefined>>();
    const check = (url: string) => {
      let result = checks.get(url);
      if (!result) {
        result = callbacks
          ? checkCallbackUrl(url, { allowPrivate: callbacks.allowPrivate })
          : Promise.resolve(
              "is not accepted: status callbacks are off (they need CALLBACK_SECRET and RECEIPT_SECRET set)",
            );
        checks.set(url, result);
      }
      return result;
    };
    const errors = await Promise.all(
      items.map(async (m, index): Promise<FieldError[]> => {
        const url = m.callbackUrl ?? keyUrl;
        if (url === undefined) return [];
        const refused = await check(url);
        if (!refused) return [];
        const message =
          m.callbackUrl === undefined
            ? `(the default of API key "${actor}", API_KEY_CALLBACK_URLS) ${refused}`
            : refused;
        return [bulk ? { index, field: "callbackUrl", message } : { field: "callbackUrl", message }];
      }),
    );
    return errors.flat();
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
   * Stores `items` (once per Idempotency-Key when the request has one) after `check` passes, with
   * their encoding and segments (`counts`, one per item); answers 201 with `answer(rows)`. A
   * request whose key was seen before is answered from the earlier one before `check` runs.
   */
  const intake = async <T>(
    request: { headers: { "idempotency-key"?: string }; actor?: string; routeOptions: { url?: string } },
    reply: FastifyReply,
    items: NewMessage[],
    counts: SegmentCount[],
    check: () => Promise<Schedule[]>,
    answer: (rows: Message[]) => T,
  ) => {
    const rowsWith = (schedules: Schedule[], traces = intakeTraceparents(items.length)): MessageToStore[] =>
      items.map((m, i) => ({
        recipient: m.to,
        content: m.content,
        priority: m.priority ?? DEFAULT_PRIORITY,
        callbackUrl: m.callbackUrl ?? keyCallbackUrl(request.actor) ?? null,
        // Its trace (tracing on): the message's claim and sends join it.
        traceContext: traces[i] ?? null,
        encoding: counts[i]!.encoding,
        segments: counts[i]!.segments,
        sendAt: schedules[i]?.sendAt ?? null,
        expiresAt: schedules[i]?.expiresAt ?? null,
      }));
    const key = request.headers["idempotency-key"];
    const intakeKey =
      key === undefined
        ? undefined
        : {
            scope: request.actor ?? "anonymous",
            key,
            requestHash: createHash("sha256")
              .update(
                JSON.stringify([
                  request.routeOptions.url,
                  items.map((m) => [
                    m.to,
                    m.content,
                    m.sendAt,
                    m.expiresAt,
                    m.validitySeconds,
                    // Only when given (or not the default), so keys stored before them still match.
                    ...((m.priority ?? DEFAULT_PRIORITY) === DEFAULT_PRIORITY ? [] : [m.priority]),
                    ...(m.callbackUrl === undefined ? [] : [{ callbackUrl: m.callbackUrl }]),
                  ]),
                ]),
              )
              .digest("hex"),
            ttlMs: deps.settings.intakeKeyTtlMs,
          };
    let outcome = intakeKey && (await findIntake(deps.db, intakeKey));
    if (!outcome) {
      const rows = rowsWith(await check());
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
    else for (const m of outcome.messages) deps.httpMetrics?.countIntake(m.priority);
    return reply.status(201).send(answer(outcome.messages));
  };

  return async function messageIntakeRoutes(app) {
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
      async (request, reply) => {
        const counts = [count(request.body.content)];
        const check = async () => {
          const limit = await contentLimit();
          const scheduled = readSchedule(request.body, new Date());
          const errors = [
            ...validateMessageInput(request.body, limit, deps.settings.allowedCountries),
            ...segmentErrors(counts, false),
            ...scheduled.errors,
            ...(await callbackErrors([request.body], false, request.actor)),
          ];
          if (errors.length > 0 || !scheduled.schedule) throw invalidInput(errors);
          await refuseOptedOut([request.body], false);
          return [scheduled.schedule];
        };
        return intake(request, reply, [request.body], counts, check, (rows) => ({
          ...toMessageDto(rows[0]!),
          ucs2Characters: counts[0]!.ucs2Characters,
        }));
      },
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
          response: { 201: BulkCreatedSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const items = request.body.messages;
        const counts = items.map((m) => count(m.content));
        const check = async () => {
          const limit = await contentLimit();
          const now = new Date();
          const scheduled = items.map((item) => readSchedule(item, now));
          const errors: FieldError[] = [
            ...items.flatMap((item, index) =>
              validateMessageInput(item, limit, deps.settings.allowedCountries).map((e) => ({ index, ...e })),
            ),
            ...segmentErrors(counts, true),
            ...scheduled.flatMap((s, index) => s.errors.map((e) => ({ index, ...e }))),
            ...(await callbackErrors(items, true, request.actor)),
          ].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
          if (errors.length > 0) throw invalidInput(errors);
          await refuseOptedOut(items, true);
          return scheduled.map((s) => s.schedule!);
        };
        // One statement: every row is stored, or none.
        return intake(request, reply, items, counts, check, (rows) => ({
          count: rows.length,
          items: rows.map((row, i) => ({ ...toMessageDto(row), ucs2Characters: counts[i]!.ucs2Characters })),
        }));
      },
    );

    app.post(
      "/messages/estimate",
      {
        schema: {
          tags: ["messages"],
          summary: "Count a content's SMS segments without storing anything",
          description:
            "The encoding (GSM-7, or UCS-2 and the characters that forced it) and segments intake would " +
            "record for this content, with PROVIDER_TURKISH_SHIFT_TABLES as set.",
          body: EstimateBodySchema,
          response: { 200: EstimateSchema, ...errorResponses },
        },
      },
      async (request) => count(request.body.content),
    );
  };
}
