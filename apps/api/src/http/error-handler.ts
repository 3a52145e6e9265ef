import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** One problem with the input; `index` is the item's position in a bulk body. */
export interface FieldError {
  index?: number;
  field: string;
  message: string;
}

/** The body of every error answer. `field` names the first offending input; `errors` lists all. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** The request's id (x-request-id), to quote when asking about it. */
  requestId: string;
  field?: string;
  errors?: FieldError[];
  /** Why a rule refused the request, for programs (`country_blocked`, `recipient_hourly_cap`, …). */
  code?: string;
  /** The rule that refused it, in words. */
  rule?: string;
}

/** What an HttpError may add to its answer: a refusal's code and rule, and when to try again. */
export interface Refused {
  code: string;
  rule?: string;
  /** Sent as Retry-After (seconds). */
  retryAfterSeconds?: number;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  503: "Service Unavailable",
};

/**
 * An error a handler throws to answer with `statusCode` and `message` (and `errors`, the field
 * errors of a 400); the error handler renders it as ErrorBody. A 5xx HttpError's message is
 * meant for the caller too (a 503 saying what to expect), unlike any other error's.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly refused?: Refused,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400 listing every field error; the message summarises the first five. */
export function invalidInput(errors: FieldError[]): HttpError {
  const summary = errors
    .slice(0, 5)
    .map((e) => `${e.index === undefined ? "" : `messages[${e.index}].`}${e.field} ${e.message}`)
    .join("; ");
  return new HttpError(
    400,
    errors.length > 5 ? `${summary}; and ${errors.length - 5} more` : summary,
    errors,
  );
}

/** 400 for a `cursor` query parameter this API did not issue. */
export const invalidCursor = (): HttpError =>
  invalidInput([{ field: "cursor", message: "is not a cursor this API issued" }]);

export const notFound = (message: string): HttpError => new HttpError(404, message);
export const conflict = (message: string): HttpError => new HttpError(409, message);
export const unprocessable = (message: string): HttpError => new HttpError(422, message);
export const unavailable = (message: string): HttpError => new HttpError(503, message);

/** Sends an error answer as ErrorBody. */
function sendError(
  reply: FastifyReply,
  answer: { statusCode: number; message: string; errors?: FieldError[]; refused?: Refused },
) {
  const { statusCode, message, errors = [], refused } = answer;
  const body: ErrorBody = {
    statusCode,
    error: REASONS[statusCode] ?? "Client Error",
    message,
    requestId: reply.request.id,
  };
  if (errors.length > 0) {
    body.field = errors[0]!.field;
    body.errors = errors;
  }
  if (refused) {
    body.code = refused.code;
    if (refused.rule !== undefined) body.rule = refused.rule;
    if (refused.retryAfterSeconds !== undefined)
      reply.header("retry-after", String(refused.retryAfterSeconds));
  }
  return reply.status(statusCode).send(body);
}

/**
 * Answers an error the router raises before any hook or the error handler runs (Fastify's
 * `frameworkErrors`: a malformed percent-encoding, 400; a path parameter over maxParamLength, 414)
 * as every other error: ErrorBody with the request's id, and the `x-request-id` header the
 * onRequest hook would have set.
 */
export function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header("x-request-id", request.id);
  return sendError(reply, {
    statusCode: error.statusCode && error.statusCode >= 400 ? error.statusCode : 400,
    message: error.message,
  });
}

/**
 * Answers errors as JSON ErrorBody. An HttpError is answered as it says. Other client errors
 * (< 500, from Fastify and its plugins) keep their message; schema validation
 * errors list every offending field (`messages.3.to` becomes index 3, field `to`). Anything else
 * answers "Internal Server Error" and is logged, so unexpected errors never reach the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.status(statusCode).send({
        statusCode,
        error: "Internal Server Error",
        message: "Internal Server Error",
        requestId: request.id,
      });
    }
    const errors = (error.validation ?? []).map((v): FieldError => {
      const params = v.params as {
        missingProperty?: string;
        additionalProperty?: string;
        allowedValues?: unknown[];
      };
      const path = [
        ...v.instancePath.split("/").filter(Boolean),
        params.missingProperty ?? params.additionalProperty,
      ].filter((p): p is string => Boolean(p));
      const message = params.additionalProperty
        ? "is not a known field"
        : params.allowedValues
          ? `must be one of ${params.allowedValues.join(", ")}`
          : (v.message ?? "is invalid");
      const item = path[0] === "messages" && /^\d+$/.test(path[1] ?? "") ? Number(path[1]) : undefined;
      if (item !== undefined) return { index: item, field: path.slice(2).join(".") || "(item)", message };
      return { field: path.join(".") || "(body)", message };
    });
    return sendError(reply, { statusCode, message: error.message, errors });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, { statusCode: 404, message: `Route ${request.method} ${request.url} not found` }),
  );
}
