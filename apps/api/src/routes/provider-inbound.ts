import type { InboundKeywords } from "@dispatcher/core";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { invalidInput } from "../http/error-handler.js";
import { readSignedJsonBodies, requireSignature } from "../http/provider-callbacks.js";
import { validateInbound } from "../inbound/inbound-rules.js";
import { takeInbound } from "../inbound/take-inbound.js";
import type { InboundMetrics } from "../metrics/inbound-metrics.js";
import { errorResponses } from "../schemas/common.js";
import { InboundAnswerSchema, InboundBodySchema } from "../schemas/inbound.js";

/** The `provider` label and audit name of messages taken at the generic endpoint. */
export const GENERIC_INBOUND_PROVIDER = "webhook";

/**
 * `POST /provider/inbound`: the messages recipients send back (STOP, START, HELP), in the
 * dispatcher's own JSON, signed as receipts are (`x-signature` with RECEIPT_SECRET or
 * RECEIPT_SECRET_PREVIOUS, within RECEIPT_TOLERANCE_SECONDS): anything else is a 401 before the
 * body is looked at, and nothing is stored. `from` must be an E.164 number and `text` free of
 * control characters (400 naming the field). Taken by takeInbound. Registered only when
 * RECEIPT_SECRET is set.
 */
export function providerInboundRoutes(
  deps: Pick<AppDeps, "db"> & {
    signing: { secrets: readonly string[]; toleranceSeconds: number };
    keywords: InboundKeywords;
    metrics: InboundMetrics;
  },
): FastifyPluginAsyncTypebox {
  return async function providerInboundRoutes(app) {
    readSignedJsonBodies(app);
    app.post(
      "/provider/inbound",
      {
        schema: {
          tags: ["provider"],
          summary: "A message a recipient sent back (signed): STOP, START or HELP act",
          description:
            "Signed as POST /provider/receipts is (`x-signature` with RECEIPT_SECRET); else 401 and nothing " +
            "stored. Only a whole text that is a keyword acts (trimmed; case and accents ignored): STOP, STOPALL, " +
            "UNSUBSCRIBE, CANCEL, END, QUIT, IPTAL and STOP_KEYWORDS put the sender on the suppression list; START, " +
            "UNSTOP and START_KEYWORDS take a keyword's or provider's entry off; HELP and HELP_KEYWORDS are audited.",
          body: InboundBodySchema,
          response: { 200: InboundAnswerSchema, ...errorResponses },
        },
        preValidation: requireSignature(deps.signing, "inbound message", () =>
          deps.metrics.inbound(GENERIC_INBOUND_PROVIDER, "unauthenticated"),
        ),
      },
      async (request) => {
        const { from, text } = request.body;
        const errors = validateInbound({ from, text }, { from: "from", text: "text" });
        if (errors.length > 0) {
          deps.metrics.inbound(GENERIC_INBOUND_PROVIDER, "invalid");
          throw invalidInput(errors);
        }
        const outcome = await takeInbound(
          { db: deps.db, keywords: deps.keywords, metrics: deps.metrics },
          { provider: GENERIC_INBOUND_PROVIDER, from, text },
          request.log,
        );
        return { outcome };
      },
    );
  };
}
