import { randomUUID } from "node:crypto";

/** What an `X-Request-Id` a client or proxy sends must look like to be kept: 1..128 of these. */
const REQUEST_ID = /^[A-Za-z0-9._:\-/+=]{1,128}$/;

/**
 * A request's id: the `X-Request-Id` header it came with (`given`) when that is sane (REQUEST_ID: no spaces, quotes
 * or control characters that could forge log lines or headers), else a new UUID. The API echoes
 * it on every answer (`x-request-id`), logs it on every line of the request (`requestId`) and
 * puts it in error bodies, so a caller can quote it and an operator find the lines.
 */
export function requestId(given: string | string[] | undefined): string {
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}
