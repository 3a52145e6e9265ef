import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  kindOfCode,
  PROBLEM_CONTENT_TYPE,
  type ProblemKind,
  REASONS,
  typeAndTitle,
} from "./problem-types.js";
import { maskNumbersInUrl } from "./request-log.js";

/** One problem with the input; `index` is the item's position in a bulk body. */
export interface FieldError {
  index?: number;
  field: string;
  message: string;
}

/**
 * The body of every error answer: an RFC 9457 problem (`type`, `title`, `status`, `detail`,
 * `instance`), sent as application/problem+json, with this API's extension members. `statusCode`,
 * `error` and `message` repeat `status`, `title`'s reason phrase and `detail` for the clients of
 * /api/v1 that read them.
 */
export interface ErrorBody {
  /** The problem's kind (see problem-types.ts), or `about:blank` when the status code says it all. */
  type: string;
  /** The kind in words, the same for each occurrence; the reason phrase for `about:blank`. */
  title: string;
  status: number;
  /** What went wrong with this request, in words. */
  detail: string;
  /** The request's path, without its query and with phone numbers masked. */
  instance: string;
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
  /** Sent as Retry-After (seconds), and as RateLimit-Reset with a `quota`. */
  retryAfterSeconds?: number;
  /**
   * The count that refused the request, sent as RateLimit-Limit and RateLimit-Remaining (in place
   * of the API key's rate limit, which these headers describe otherwise).
   */
  quota?: { limit: number; remaining: number };
}

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

/** What an error answer says; the rest of its ErrorBody follows from it and the request. */
export interface ErrorAnswer {
  statusCode: number;
  message: string;
  errors?: FieldError[];
  refused?: Refused;
  /** The problem's kind, when neither its status and errors (invalid-input) nor its code name it. */
  kind?: ProblemKind;
}

/** The request's path as an error answer names it (`instance`): no query, phone numbers masked. */
export function problemInstance(request: FastifyRequest): string {
  return maskNumbersInUrl(request.url.replace(/[?#].*$/s, ""));
}

/** The ErrorBody answering `request` with `answer`. */
export function problemOf(request: FastifyRequest, answer: ErrorAnswer): ErrorBody {
  const { statusCode, message, errors = [], refused } = answer;
  const kind =
    answer.kind ??
    (refused ? kindOfCode(refused.code) : undefined) ??
    (statusCode === 400 && errors.length > 0 ? "invalid-input" : undefined);
  const body: ErrorBody = {
    ...typeAndTitle(kind, statusCode),
    status: statusCode,
    detail: message,
    instance: problemInstance(request),
    statusCode,
    error: REASONS[statusCode] ?? (statusCode >= 500 ? "Server Error" : "Client Error"),
    message,
    requestId: request.id,
  };
  if (errors.length > 0) {
    body.field = errors[0]!.field;
    body.errors = errors;
  }
  if (refused) {
    body.code = refused.code;
    if (refused.rule !== undefined) body.rule = refused.rule;
  }
  return body;
}

/**
 * Sends an error answer: its ErrorBody as application/problem+json, Retry-After when a refusal
 * says when to try again, and the RateLimit headers of the count that refused it, when known.
 */
export function sendError(reply: FastifyReply, answer: ErrorAnswer) {
  const retryAfter = answer.refused?.retryAfterSeconds;
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  const quota = answer.refused?.quota;
  if (quota && retryAfter !== undefined)
    reply.headers({
      "ratelimit-limit": String(quota.limit),
      "ratelimit-remaining": String(quota.remaining),
      "ratelimit-reset": String(retryAfter),
    });
  return reply.status(answer.statusCode).type(PROBLEM_CONTENT_TYPE).send(problemOf(reply.request, answer));
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
 * Answers errors as ErrorBody (application/problem+json). An HttpError is answered as it says. Other client errors
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
      return sendError(reply, { statusCode, message: "Internal Server Error" });
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
    sendError(reply, {
      statusCode: 404,
      message: `Route ${request.method} ${problemInstance(request)} not found`,
    }),
  );
}
