import { setMaxListeners } from "node:events";
import { type FastifyBaseLogger, type FastifyInstance, fastify, LogController } from "fastify";
import { markArrival } from "./answer-times.js";
import { createMockProviderState, type RecordDetail, type Switches } from "./mock-provider-state.js";
import type { ReceiptTarget } from "./receipt-sender.js";
import { type AwsCredentials, awsSmsRoutes } from "./routes/aws-sms.js";
import { controlRoutes } from "./routes/control.js";
import { healthRoutes } from "./routes/health.js";
import { messageRoutes } from "./routes/messages.js";
import { DEFAULT_TWILIO_ACCOUNT, type TwilioAccount, twilioRoutes } from "./routes/twilio.js";

export interface MockProviderOptions {
  /**
   * Where request lines go: one per `POST /messages` answer, with its Idempotency-Key and messageId.
   * Default: no logging.
   */
  logger?: FastifyBaseLogger | false;
  /**
   * Starting switches; missing ones take `DEFAULT_SWITCHES`. Not validated here: pass values within
   * `PUT /control`'s bounds (the env loader enforces them for the process).
   */
  switches?: Partial<Switches>;
  /** Name of the auth header, case-insensitive. Default `x-ins-auth-key`. */
  authHeader?: string;
  /** When non-empty, `POST /messages` without exactly this auth header value gets 401. Default "" (any key). */
  authKey?: string;
  /** Source of randomness in [0, 1) for `failRate`. Default `Math.random`; tests pass a fixed sequence. */
  random?: () => number;
  /** Where to send delivery receipts, signed with `secret`; default none. */
  receipts?: ReceiptTarget;
  /**
   * The key pair `POST /` (the AWS dialect) checks SigV4 signatures with; absent (or an empty key id):
   * signatures are not checked.
   */
  aws?: AwsCredentials;
  /**
   * The account the Twilio dialect (`/2010-04-01/Accounts/{AccountSid}/Messages.json`) answers for
   * and signs status callbacks with. Default `DEFAULT_TWILIO_ACCOUNT` (`AC` and 32 zeros, any password).
   */
  twilio?: TwilioAccount;
  /** What is kept per idempotency key (see RecordDetail). Default `"full"`. */
  records?: RecordDetail;
}

type HttpError = Error & {
  statusCode: number;
  validation?: { keyword: string; params: Record<string, unknown> }[];
};

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as Partial<HttpError>).statusCode === "number";
}

/** The client-facing reason; Ajv's "must NOT have additional properties" does not say which one. */
function describeClientError(error: HttpError): string {
  const first = error.validation?.[0];
  const extra = first?.keyword === "additionalProperties" ? first.params.additionalProperty : undefined;
  return typeof extra === "string" ? `${error.message}: '${extra}'` : error.message;
}

/**
 * Builds (does not start) the mock SMS provider: a fresh in-memory state per call, so every test can own one.
 * Start it with `app.listen({ port: 0, host: "127.0.0.1" })` and stop it with `app.close()`; closing cuts
 * short any request still waiting out `latencyMs` (it answers 503).
 *
 * Routes: `POST /messages`, `POST /` (the AWS dialect, see awsSmsRoutes), `GET /messages`, `DELETE /messages`,
 * `GET /control`, `PUT /control`, `GET /health`.
 * Every non-2xx answer but the AWS dialect's (AWS's error shape) has the JSON body `{error}`; client
 * errors name the offending field, server errors other than simulated ones say only "Internal Server Error".
 */
export function buildMockProvider(options: MockProviderOptions = {}): FastifyInstance {
  const app = fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // The handlers log one line per provider request with its key and messageId; Fastify's own pair is noise.
    logController: new LogController({ disableRequestLogging: true }),
    // Reject rather than coerce or silently drop: `{"to": 5}` and unknown control keys are client errors.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  });

  const state = createMockProviderState(options.switches, undefined, options.records);
  const closing = new AbortController();
  // One abort listener per request in its latency wait; many are expected, not a leak.
  setMaxListeners(0, closing.signal);
  app.addHook("preClose", async () => closing.abort());
  // Before any route's own hooks, so an answer's receivedAt is the request's arrival.
  app.addHook("onRequest", markArrival);

  app.setErrorHandler((error: unknown, request, reply) => {
    if (isHttpError(error) && error.statusCode < 500) {
      const reason = describeClientError(error);
      request.log.info({ status: error.statusCode, reason }, "client error");
      return reply.code(error.statusCode).send({ error: reason });
    }
    request.log.error({ err: error }, "unexpected error");
    return reply.code(500).send({ error: "Internal Server Error" });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route ${request.method} ${request.url}` }),
  );

  app.register(
    messageRoutes({
      state,
      authHeader: (options.authHeader ?? "x-ins-auth-key").toLowerCase(),
      authKey: options.authKey ?? "",
      random: options.random ?? Math.random,
      closing: closing.signal,
      receipts: options.receipts,
    }),
  );
  app.register(
    awsSmsRoutes({
      state,
      random: options.random ?? Math.random,
      closing: closing.signal,
      credentials: options.aws,
    }),
  );
  app.register(
    twilioRoutes({
      state,
      account: options.twilio ?? DEFAULT_TWILIO_ACCOUNT,
      random: options.random ?? Math.random,
      closing: closing.signal,
    }),
  );
  app.register(controlRoutes({ state }));
  app.register(healthRoutes());
  return app;
}
