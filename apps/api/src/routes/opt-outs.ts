import { maskNumber, validateRecipient } from "@dispatcher/core";
import { addOptOut, getOptOut, listOptOuts, type OptOut, removeOptOut } from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { invalidInput, notFound } from "../http/error-handler.js";
import {
  decodeNumberCursor,
  encodeNumberCursor,
  PAGE_LIMIT,
  pageOf,
  pageQuerySchema,
  readCursor,
} from "../http/pagination.js";
import { errorResponses } from "../schemas/common.js";
import { NumberParamsSchema, OptOutBodySchema, OptOutListSchema, OptOutSchema } from "../schemas/opt-out.js";

/**
 * The suppression list: `GET /api/v1/opt-outs` (paged, in number order, optionally of one source)
 * and `PUT`, `GET` and `DELETE /api/v1/opt-outs/{number}`. A number on it is
 * refused at intake (409) and a message to it fails at send without a provider call. PUT takes a
 * JSON object, `{}` or `{"reason": "…"}`, and is idempotent (201 when the number was added, 200
 * when it was there; a given reason replaces the old one, `{}` keeps it).
 * The number must be a valid E.164 phone number (400 naming `number`). Every change is audited
 * (kind `opt-out`, the number masked).
 */
export function optOutRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  /** The path's number, validated as intake validates `to`. */
  const numberOf = (params: { number: string }): string => {
    const errors = validateRecipient(params.number);
    if (errors.length > 0) throw invalidInput(errors.map((e) => ({ field: "number", message: e.message })));
    return params.number;
  };
  return async function optOutRoutes(app) {
    app.get(
      "/opt-outs",
      {
        schema: {
          tags: ["opt-outs"],
          summary: "The suppression list, in number order",
          querystring: pageQuerySchema({
            source: Type.Optional(
              Type.Union([Type.Literal("operator"), Type.Literal("provider"), Type.Literal("keyword")], {
                description: "Only the entries of this source",
              }),
            ),
          }),
          response: { 200: OptOutListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit = PAGE_LIMIT.default, cursor, source } = request.query;
        const after = readCursor(cursor, decodeNumberCursor);
        const rows = await listOptOuts(deps.db, { limit, after, source });
        return pageOf(rows, {
          limit,
          toItem: toOptOutDto,
          cursorAfter: (last) => encodeNumberCursor(last.recipient),
        });
      },
    );
    app.put(
      "/opt-outs/:number",
      {
        schema: {
          tags: ["opt-outs"],
          summary: "Put a number on the suppression list (idempotent)",
          description: "Its messages are refused at intake (409) and fail at send without a provider call.",
          params: NumberParamsSchema,
          body: OptOutBodySchema,
          response: { 200: OptOutSchema, 201: OptOutSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const number = numberOf(request.params);
        const actor = request.actor ?? "anonymous";
        const { optOut, created } = await addOptOut(deps.db, {
          recipient: number,
          reason: request.body.reason,
          source: "operator",
          actor,
        });
        request.log.info(
          { actor, created, number: maskNumber(number) },
          "number put on the suppression list",
        );
        return reply.status(created ? 201 : 200).send(toOptOutDto(optOut));
      },
    );
    app.get(
      "/opt-outs/:number",
      {
        schema: {
          tags: ["opt-outs"],
          summary: "Whether a number is on the suppression list (404 when not)",
          params: NumberParamsSchema,
          response: { 200: OptOutSchema, ...errorResponses },
        },
      },
      async (request) => {
        const number = numberOf(request.params);
        const optOut = await getOptOut(deps.db, number);
        if (!optOut) throw notFound(`${number} is not on the suppression list`);
        return toOptOutDto(optOut);
      },
    );
    app.delete(
      "/opt-outs/:number",
      {
        schema: {
          tags: ["opt-outs"],
          summary: "Take a number off the suppression list",
          params: NumberParamsSchema,
          response: {
            204: Type.Null({ description: "Taken off the list (no body)", examples: [null] }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const number = numberOf(request.params);
        const actor = request.actor ?? "anonymous";
        if (!(await removeOptOut(deps.db, number, { actor, source: "operator" })))
          throw notFound(`${number} is not on the suppression list`);
        request.log.info({ actor, number: maskNumber(number) }, "number taken off the suppression list");
        return reply.status(204).send(null);
      },
    );
  };
}

function toOptOutDto(optOut: OptOut) {
  return {
    number: optOut.recipient,
    reason: optOut.reason,
    source: optOut.source,
    detail: optOut.detail,
    actor: optOut.actor,
    createdAt: optOut.createdAt.toISOString(),
  };
}
