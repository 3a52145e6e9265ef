import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { acceptMessages, type IntakeDeps } from "../intake/accept-messages.js";
import { createControlTables } from "../intake/intake-reads.js";
import { countContent, createStoredLanes } from "../intake/intake-rules.js";
import { ErrorSchema, errorResponses, IdempotencyHeadersSchema } from "../schemas/common.js";
import {
  BULK_LIMIT,
  BulkBodySchema,
  BulkCreatedSchema,
  EstimateBodySchema,
  EstimateSchema,
  MessageSchema,
  NewMessageSchema,
} from "../schemas/message.js";
import { toMessageDto } from "./message-dto.js";

/**
 * `POST /api/v1/messages`, `POST /api/v1/messages/bulk` (all or nothing, every bad item named by
 * its index) and `POST /api/v1/messages/estimate`: each a call of the intake service
 * (acceptMessages), which holds every rule and the Idempotency-Key handling. Stored messages
 * answer 201; a replayed request answers 201 with `Idempotent-Replayed: true`.
 */
export function messageIntakeRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const intake: IntakeDeps = {
    db: deps.db,
    settings: deps.settings,
    queues: deps.queues,
    metrics: deps.httpMetrics,
    storedLanes: createStoredLanes(deps.db),
    control: createControlTables(deps.db),
    onStored: (m) => deps.httpMetrics?.countIntake(m.priority),
    wake: async (lanes) => {
      try {
        await deps.queues.arrivals.addBulk(lanes.map((lane) => ({ name: "arrival", data: { lane } })));
      } catch (error) {
        deps.logger.warn(
          { err: error, lanes },
          "could not wake an arrival lane; the next tick claims for it",
        );
      }
    },
  };
  const requestOf = (
    request: { headers: { "idempotency-key"?: string }; actor?: string; routeOptions: { url?: string } },
    bulk: boolean,
  ) => ({
    actor: request.actor,
    idempotencyKey: request.headers["idempotency-key"],
    route: request.routeOptions.url ?? "",
    bulk,
  });
  const dto = (m: Parameters<typeof toMessageDto>[0]) => ({
    ...toMessageDto(m),
    // A replayed request's messages may have been erased since (see RETENTION_DAYS).
    ...(m.content === null ? {} : { ucs2Characters: countContent(intake, m.content).ucs2Characters }),
  });

  return async function messageIntakeRoutes(app) {
    app.post(
      "/messages",
      {
        schema: {
          tags: ["messages"],
          summary: "Add a message",
          headers: IdempotencyHeadersSchema,
          body: NewMessageSchema,
          response: { 201: MessageSchema, ...errorResponses, 503: ErrorSchema },
        },
      },
      async (request, reply) => {
        const result = await acceptMessages(intake, [request.body], requestOf(request, false));
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(201).send(dto(result.messages[0]!));
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
          response: { 201: BulkCreatedSchema, ...errorResponses, 503: ErrorSchema },
        },
      },
      async (request, reply) => {
        const result = await acceptMessages(intake, request.body.messages, requestOf(request, true));
        if (result.replayed) reply.header("idempotent-replayed", "true");
        return reply.status(201).send({ count: result.messages.length, items: result.messages.map(dto) });
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
      async (request) => countContent(intake, request.body.content),
    );
  };
}
