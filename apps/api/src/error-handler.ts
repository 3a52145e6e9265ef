import type { FastifyError, FastifyInstance } from "fastify";

/** The body of every error answer. `field` names the offending input when there is one. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  field?: string;
}

/**
 * Answers errors as JSON ErrorBody. Messages of client errors (< 500) pass through, with the
 * field named for validation errors; anything else answers "Internal Server Error" and is logged,
 * so unexpected errors never reach the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply
        .status(statusCode)
        .send({ statusCode, error: "Internal Server Error", message: "Internal Server Error" });
    }
    const body: ErrorBody = { statusCode, error: httpReason(statusCode), message: error.message };
    const first = error.validation?.[0];
    if (first) {
      const path = first.instancePath.replace(/^\//, "").replaceAll("/", ".");
      const missing = (first.params as { missingProperty?: string }).missingProperty;
      body.field = [path, missing].filter(Boolean).join(".") || undefined;
    }
    return reply.status(statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      statusCode: 404,
      error: "Not Found",
      message: `Route ${request.method} ${request.url} not found`,
    }),
  );
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
  };
  return reasons[status] ?? "Client Error";
}
