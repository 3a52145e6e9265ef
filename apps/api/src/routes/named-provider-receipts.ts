import type { ReceiptReader } from "@dispatcher/providers";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { HttpError, invalidInput, notFound } from "../http/error-handler.js";
import { providerCallbackOf, readRawBodies } from "../http/provider-callbacks.js";
import type { DeliveryMetrics } from "../metrics/delivery-metrics.js";
import { takeReceipt } from "../receipts/take-receipt.js";
import { errorResponses } from "../schemas/common.js";
import { ReceiptAnswerSchema } from "../schemas/receipt.js";

/**
 * `POST /provider/{name}/receipts`: the delivery receipts of a configured provider whose adapter
 * kind has them (Twilio's StatusCallback, say), each authenticated and read as that provider
 * sends it. Open to the network: a request its adapter cannot authenticate is a 401 and stores
 * nothing; a name without receipts is a 404. A status that is not final is answered 200
 * `ignored`; a receipt is taken as the generic receipt endpoint takes one (see takeReceipt), and
 * applies only to that provider's messages.
 */
export function namedProviderReceiptRoutes(
  deps: Pick<AppDeps, "db" | "queues"> & {
    readers: ReadonlyMap<string, ReceiptReader>;
    metrics: DeliveryMetrics;
  },
): FastifyPluginAsyncTypebox {
  return async function namedProviderReceiptRoutes(app) {
    readRawBodies(app);
    app.post(
      "/provider/:name/receipts",
      {
        schema: {
          tags: ["provider"],
          summary: "A delivery receipt from a named provider, as that provider sends it",
          description:
            "For providers whose adapter reads receipts (twilio: its StatusCallback, form-encoded and signed " +
            "with X-Twilio-Signature). 401 when the signature does not verify; 200 ignored for a status that is " +
            "not final; otherwise as POST /provider/receipts.",
          params: Type.Object({ name: Type.String({ pattern: "^[a-z][a-z0-9-]{0,31}$" }) }),
          response: {
            200: ReceiptAnswerSchema,
            202: ReceiptAnswerSchema,
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const read = deps.readers.get(request.params.name);
        if (!read) throw notFound(`provider ${request.params.name} sends no receipts here`);
        const reading = await read(providerCallbackOf(request));
        switch (reading.verdict) {
          case "unauthenticated":
            request.log.warn(
              { provider: request.params.name, reason: reading.reason },
              "receipt refused: not authenticated",
            );
            throw new HttpError(401, `the receipt is not authenticated: ${reading.reason}`);
          case "invalid":
            throw invalidInput([{ field: "(body)", message: reading.reason }]);
          case "ignored":
            return reply.status(200).send({ outcome: "ignored" as const });
          case "receipt": {
            const outcome = await takeReceipt(
              { db: deps.db, queues: deps.queues, metrics: deps.metrics },
              { ...reading.receipt, provider: request.params.name },
              request.log,
            );
            return reply.status(outcome === "duplicate" ? 200 : 202).send({ outcome });
          }
        }
      },
    );
  };
}
