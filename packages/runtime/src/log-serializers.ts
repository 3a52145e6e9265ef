import { maskNumbersIn } from "@dispatcher/core";
import { pino } from "pino";

/**
 * How every logger writes requests and errors, so no line holds a full phone number or a row's
 * values, at any level:
 * - `req` (Fastify's request lines): method, URL with every number-like run of digits masked
 *   (`/api/v1/opt-outs/+90555***4567`, `?to=%2B90555***4567`), host and client address;
 * - `err`: pino's error serializer without Postgres' `detail` (a constraint violation's
 *   "Failing row contains (…)" or "Key (recipient)=(…)" holds the row's values), its message and
 *   stack masked as URLs are; an error logged as a string is masked too.
 * Message content cannot be recognised in free text: code that has a message at hand scrubs it
 * before logging (see scrubMessageText in @dispatcher/core).
 */
export const LOG_SERIALIZERS = {
  req: (req: {
    method?: string;
    url?: string;
    host?: string;
    ip?: string;
    socket?: { remotePort?: number };
  }) => ({
    method: req.method,
    url: req.url === undefined ? undefined : maskNumbersIn(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
  err: (error: unknown) => {
    if (typeof error === "string") return maskNumbersIn(error);
    if (!(error instanceof Error)) return error;
    return withoutRowValues(pino.stdSerializers.err(error));
  },
};

/** A serialized error (and its causes) without `detail`, its message and stack masked. */
function withoutRowValues(serialized: Record<string, unknown>): Record<string, unknown> {
  const { detail: _detail, ...rest } = serialized;
  for (const key of ["message", "stack"] as const) {
    if (typeof rest[key] === "string") rest[key] = maskNumbersIn(rest[key]);
  }
  if (typeof rest.cause === "object" && rest.cause !== null) {
    rest.cause = withoutRowValues(rest.cause as Record<string, unknown>);
  }
  return rest;
}
