import { readRfc3339 } from "@dispatcher/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { invalidInput } from "../http/error-handler.js";
import { readSignedJsonBodies, requireSignature } from "../http/provider-callbacks.js";
import type { DeliveryMetrics } from "../metrics/delivery-metrics.js";
import { takeReceipt } from "../receipts/take-receipt.js";
import { errorResponses } from "../schemas/common.js";
import { ReceiptAnswerSchema, ReceiptBodySchema } from "../schemas/receipt.js";

/** How far in the future a receipt's `at` may be (the provider's clock runs ahead). */
const FUTURE_SKEW_MS = 300_000;

/**
 * `POST /provider/receipts`: the provider's delivery receipts. Open to the network, so every
 * request must carry a valid `x-signature` (see signatures.ts in @dispatcher/core) made with
 * RECEIPT_SECRET or RECEIPT_SECRET_PREVIOUS, within RECEIPT_TOLERANCE_SECONDS of this API's clock:
 * anything else is a 401 before the body is looked at, and nothing is stored. A signed receipt is
 * stored once (a duplicate answers 200 `duplicate`) and applied at once when its message is
 * recorded `sent` (see applyWaitingReceipts); otherwise it waits for the receipt sweep. Registered
 * only when RECEIPT_SECRET is set.
 */
export function providerReceiptRoutes(
  deps: Pick<AppDeps, "db" | "queues"> & {
    receipts: { secrets: readonly string[]; toleranceSeconds: number };
    metrics: DeliveryMetrics;
  },
): FastifyPluginAsyncTypebox {
  return async function providerReceiptRoutes(app) {
    readSignedJsonBodies(app);

    app.post(
      "/provider/receipts",
      {
        schema: {
          tags: ["provider"],
          summary: "A delivery receipt from the provider (signed)",
          description:
            'Needs `x-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with RECEIPT_SECRET ' +
            "(or RECEIPT_SECRET_PREVIOUS), t within RECEIPT_TOLERANCE_SECONDS; else 401. Idempotent; receipts may " +
            "come in any order (the latest `at` wins) and before the message is recorded sent.",
          body: ReceiptBodySchema,
          response: { 200: ReceiptAnswerSchema, 202: ReceiptAnswerSchema, ...errorResponses },
        },
        preValidation: requireSignature(deps.receipts, "receipt"),
      },
      async (request, reply) => {
        const body = request.body;
        const at = readRfc3339(body.at);
        if (!at)
          throw invalidInput([
            { field: "at", message: "must be an RFC 3339 date-time such as 2026-11-22T10:00:00Z" },
          ]);
        if (at.getTime() > Date.now() + FUTURE_SKEW_MS) {
          throw invalidInput([{ field: "at", message: "is more than 5 minutes in the future" }]);
        }
        const outcome = await takeReceipt(
          { db: deps.db, queues: deps.queues, metrics: deps.metrics },
          {
            providerMessageId: body.messageId,
            reference: body.reference,
            status: body.status,
            at,
            errorCode: body.errorCode,
          },
          request.log,
        );
        return reply.status(outcome === "duplicate" ? 200 : 202).send({ outcome });
      },
    );
  };
}
