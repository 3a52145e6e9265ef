import type { InboundKeywords } from "@dispatcher/core";
import type { InboundReader } from "@dispatcher/providers";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { HttpError, invalidInput, notFound } from "../http/error-handler.js";
import { providerCallbackOf, readRawBodies } from "../http/provider-callbacks.js";
import { validateInbound } from "../inbound/inbound-rules.js";
import { takeInbound } from "../inbound/take-inbound.js";
import type { InboundMetrics } from "../metrics/inbound-metrics.js";
import { errorResponses } from "../schemas/common.js";

/**
 * `POST /provider/{name}/inbound`: the messages recipients send back through a configured
 * provider whose adapter kind reads them (Twilio's incoming-message webhook), each authenticated
 * and read as that provider sends it. Open to the network: a request its adapter cannot
 * authenticate is a 401 and stores nothing; a name without inbound messages is a 404; a sender
 * that is not an E.164 number, or a text with control characters, is a 400 naming the provider's
 * field. Taken by takeInbound, and answered as the adapter says its provider expects.
 */
export function namedProviderInboundRoutes(
  deps: Pick<AppDeps, "db"> & {
    readers: ReadonlyMap<string, InboundReader>;
    keywords: InboundKeywords;
    metrics: InboundMetrics;
  },
): FastifyPluginAsyncTypebox {
  return async function namedProviderInboundRoutes(app) {
    readRawBodies(app);
    app.post(
      "/provider/:name/inbound",
      {
        schema: {
          tags: ["provider"],
          summary: "A message a recipient sent back through a named provider, as that provider sends it",
          description:
            "For providers whose adapter reads inbound messages (twilio: its incoming-message webhook, " +
            "form-encoded and signed with X-Twilio-Signature, answered with empty TwiML). 401 when the signature " +
            "does not verify; keywords act as at POST /provider/inbound.",
          params: Type.Object({ name: Type.String({ pattern: "^[a-z][a-z0-9-]{0,31}$" }) }),
          response: {
            200: {
              description: "Taken; the body is what the provider expects (twilio: <Response></Response>)",
              content: { "text/xml": { schema: Type.String({ examples: ["<Response></Response>"] }) } },
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const provider = request.params.name;
        const read = deps.readers.get(provider);
        if (!read) throw notFound(`provider ${provider} sends no inbound messages here`);
        const reading = await read(providerCallbackOf(request));
        switch (reading.verdict) {
          case "unauthenticated":
            deps.metrics.inbound(provider, "unauthenticated");
            request.log.warn(
              { provider, reason: reading.reason },
              "inbound message refused: not authenticated",
            );
            throw new HttpError(401, `the inbound message is not authenticated: ${reading.reason}`);
          case "invalid":
            deps.metrics.inbound(provider, "invalid");
            throw invalidInput([{ field: reading.field, message: reading.reason }]);
          case "message": {
            const { from, text } = reading.message;
            const errors = validateInbound({ from, text }, reading.fields);
            if (errors.length > 0) {
              deps.metrics.inbound(provider, "invalid");
              throw invalidInput(errors);
            }
            await takeInbound(
              { db: deps.db, keywords: deps.keywords, metrics: deps.metrics },
              { provider, from, text },
              request.log,
            );
            return reply
              .status(200)
              .header("content-type", reading.answer.contentType)
              .send(reading.answer.body);
          }
        }
      },
    );
  };
}
