import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginAsync } from "fastify";
import { answerTimes } from "../answer-times.js";
import { decideFailure } from "../decide-failure.js";
import type { Counters, MockProviderState, ReceivedRecord } from "../mock-provider-state.js";
import { type ReceiptTarget, sendReceipts } from "../receipt-sender.js";
import {
  acceptedBodySchema,
  answerLogSchema,
  type ErrorBody,
  errorBodySchema,
  idempotencyHeadersSchema,
  messageBodySchema,
  receivedListSchema,
} from "../schemas.js";

/** The provider contract's request body. */
export interface MessageBody {
  to: string;
  content: string;
}

/** The provider contract's success body, answered with 202. */
export interface AcceptedBody {
  message: "Accepted";
  messageId: string;
}

/** The body of `GET /messages`: totals, and one record per idempotency key in arrival order. */
export interface ReceivedList {
  counters: Counters;
  received: ReceivedRecord[];
}

export interface MessageRouteDeps {
  state: MockProviderState;
  /** Lower-case name of the auth header. */
  authHeader: string;
  /** Required auth header value; "" accepts any request. */
  authKey: string;
  /** Returns a number in [0, 1); decides `failRate`. */
  random: () => number;
  /** Aborted when the app starts closing: a request still waiting out `latencyMs` then answers 503. */
  closing: AbortSignal;
  /** Where delivery receipts go; none are sent without it. */
  receipts?: ReceiptTarget;
}

/**
 * The provider endpoint and its inspection routes:
 * - `POST /messages` `{to, content}` (+ optional `Idempotency-Key`): 202 `{message: "Accepted", messageId}`,
 *   or 401 / 400 / a simulated failure status with `{error}`.
 * - `GET /messages`: `{counters, received}`, records in arrival order.
 * - `GET /requests`: `{answers}`, every answer (its time, its request's arrival, Idempotency-Key, status)
 *   oldest first, so tests can check when requests arrived (a 429's Retry-After honoured across
 *   workers, say) and the bench can time a message from intake to the provider.
 * - `DELETE /messages`: forgets records, the answer log and counters; 204.
 * `dropRate` takes a share of requests and closes their connection without an answer;
 * `failAfterAcceptRate` takes a share and answers them a 5xx.
 * With a receipt target, each newly accepted message gets its delivery receipts (see sendReceipts),
 * after the answer or, with `receiptBeforeAnswer`, before it.
 */
export function messageRoutes(deps: MessageRouteDeps): FastifyPluginAsync {
  const { state, authHeader, authKey, random, closing } = deps;
  return async (app) => {
    app.post<{
      Body: MessageBody;
      Headers: { "idempotency-key"?: string };
      // A string is a hostile switch's raw body (acceptBody, errorBody).
      Reply: AcceptedBody | ErrorBody | string;
    }>(
      "/messages",
      {
        schema: {
          body: messageBodySchema,
          headers: idempotencyHeadersSchema,
          response: { 202: acceptedBodySchema, "4xx": errorBodySchema, "5xx": errorBodySchema },
        },
        // Auth runs before the body is parsed, so an unauthenticated caller learns nothing about its body.
        onRequest: async (request, reply) => {
          state.countRequest();
          if (authKey !== "" && request.headers[authHeader] !== authKey) {
            request.log.info(
              { idempotencyKey: request.headers["idempotency-key"] },
              "rejected: bad auth key",
            );
            return reply.code(401).send({ error: `missing or wrong ${authHeader} header` });
          }
        },
        // onSend (not onResponse) so the counter is final before the client can read the answer.
        onSend: async (request, reply, payload) => {
          if (reply.statusCode < 200 || reply.statusCode > 299) state.countRejected();
          const key = request.headers["idempotency-key"];
          state.logAnswer({
            ...answerTimes(request),
            idempotencyKey: typeof key === "string" ? key : null,
            status: reply.statusCode,
          });
          return payload;
        },
      },
      async (request, reply) => {
        const { to, content } = request.body;
        const idempotencyKey = request.headers["idempotency-key"];
        const { latencyMs } = state.switches;
        if (latencyMs > 0) {
          try {
            await sleep(latencyMs, undefined, { signal: closing });
          } catch {
            return reply.code(503).send({ error: "mock provider is shutting down" });
          }
        }

        const { retryAfter, acceptBody, errorBody } = state.switches;
        const failure = decideFailure(state, to, random);
        if (failure) {
          if (retryAfter !== null && (failure.status === 429 || failure.status === 503)) {
            reply.header("retry-after", retryAfter);
          } else if (failure.status === 429) {
            reply.header("retry-after", String(state.switches.retryAfterSeconds));
          }
          request.log.info(
            { idempotencyKey, to, status: failure.status, reason: failure.reason },
            "simulated failure",
          );
          if (errorBody !== null) return reply.code(failure.status).type("application/json").send(errorBody);
          return reply.code(failure.status).send({ error: `simulated failure (${failure.reason})` });
        }

        const { record, duplicate } = state.accept({ idempotencyKey, to, content });
        if (duplicate && (record.to !== to || record.content !== content)) {
          request.log.warn(
            { idempotencyKey, messageId: record.messageId },
            "idempotency key reused with another body",
          );
        }
        request.log.info(
          { idempotencyKey: record.idempotencyKey, messageId: record.messageId, to, duplicate },
          duplicate ? "accepted again (duplicate key)" : "accepted",
        );
        if (state.switches.failAfterAcceptRate > 0 && random() < state.switches.failAfterAcceptRate) {
          const status = failedAfterAcceptStatus(state.switches.failStatus);
          request.log.info(
            { idempotencyKey: record.idempotencyKey, status },
            "accepted, then answered a failure",
          );
          return reply
            .code(status)
            .send({ error: "simulated failure after accepting (failAfterAcceptRate)" });
        }
        if (state.switches.dropRate > 0 && random() < state.switches.dropRate) {
          request.log.info(
            { idempotencyKey: record.idempotencyKey },
            "accepted, then dropped the connection",
          );
          state.logAnswer({ ...answerTimes(request), idempotencyKey: record.idempotencyKey, status: 0 });
          reply.hijack();
          request.raw.socket.destroy();
          return;
        }
        if (deps.receipts && !duplicate) {
          const sending = sendReceipts(
            { target: deps.receipts, state, random, log: request.log, closing },
            record,
          ).catch((error: unknown) => request.log.warn({ err: error }, "delivery receipts stopped"));
          if (state.switches.receiptBeforeAnswer) await sending;
        }
        if (acceptBody !== null) return reply.code(202).type("application/json").send(acceptBody);
        return reply.code(202).send({ message: "Accepted", messageId: record.messageId });
      },
    );

    app.get(
      "/messages",
      { schema: { response: { 200: receivedListSchema } } },
      async (): Promise<ReceivedList> => ({
        counters: { ...state.counters },
        received: state.records(),
      }),
    );

    app.get(
      "/requests",
      {
        schema: {
          response: {
            200: answerLogSchema,
          },
        },
      },
      async () => ({ answers: state.answers() }),
    );

    app.delete("/messages", { schema: { response: { 204: { type: "null" } } } }, async (request, reply) => {
      state.reset();
      request.log.info("records and counters cleared");
      return reply.code(204).send();
    });
  };
}

/** The status a request taken by `failAfterAcceptRate` is answered: `failStatus` when it is a 5xx, else 500. */
export function failedAfterAcceptStatus(failStatus: number): number {
  return Math.max(failStatus, 500);
}
