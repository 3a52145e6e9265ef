import { readRfc3339, SIGNATURE_HEADER, verifySignature } from "@dispatcher/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { HttpError, invalidInput } from "../http/error-handler.js";
import type { DeliveryMetrics } from "../metrics/delivery-metrics.js";
import { takeReceipt } from "../receipts/take-receipt.js";
import { errorResponses } from "../schemas/common.js";
import { ReceiptAnswerSchema, ReceiptBodySchema } from "../schemas/receipt.js";

/** How far in the future a receipt's `at` may be (the provider's clock runs ahead). */
const FUTURE_SKEW_MS = 300_000;
/** A receipt is small; anything bigger is refused before it is read. */
const RECEIPT_BODY_LIMIT = 16_384;

declare module "fastify" {
  interface FastifyRequest {
    /** The body's bytes as received, for its signature (set by this plugin's JSON parser). */
    rawBody?: Buffer;
  }
}

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
    // This scope's JSON parser keeps the raw text: the signature is over the bytes as sent.
    // Any other content type is read too, so an unsigned request gets its 401 whatever it sends.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser(
      ["application/json", "*"],
      { parseAs: "buffer", bodyLimit: RECEIPT_BODY_LIMIT },
      (request, body, done) => {
        request.rawBody = body as Buffer;
        try {
          done(null, JSON.parse((body as Buffer).toString("utf8")));
        } catch {
          // Not JSON: the signature check answers first; a signed non-JSON body fails validation.
          done(null, undefined);
        }
      },
    );

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
        preValidation: async (request) => {
          const check = verifySignature({
            header: request.headers[SIGNATURE_HEADER] as string | undefined,
            body: request.rawBody ?? Buffer.alloc(0),
            secrets: deps.receipts.secrets,
            toleranceSeconds: deps.receipts.toleranceSeconds,
          });
          if (check !== "ok") {
            request.log.warn({ check }, "delivery receipt refused: bad signature");
            throw new HttpError(401, `the receipt's ${SIGNATURE_HEADER} is ${check}`);
          }
        },
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
