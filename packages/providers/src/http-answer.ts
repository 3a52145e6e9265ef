import { isNameResolutionError } from "./bounded-lookup.js";

/** The longest provider answer body read; the rest is dropped (an answer is a small JSON object). */
export const MAX_BODY_BYTES = 64 * 1024;

/** An answer's body, its first MAX_BODY_BYTES only: past them the stream is dropped, not drained. */
export async function readBody(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}

/**
 * Parses a Retry-After header (seconds, or an HTTP date) into milliseconds from `now`.
 * Returns undefined when absent or unusable; never negative.
 */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Whether a network error was raised before any byte of the request was sent: no connection was
 * made (refused, unreachable: an error of the `connect` call, or undici's connect timeout; with
 * several addresses, every one failed so). The provider cannot have taken the message. The same
 * codes on a connection already open (a kept-alive socket) may come after the request was
 * written, and do not count. A name that did not resolve is not the provider's doing: see
 * isNameResolutionError.
 */
export function madeNoRequest(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.every(madeNoRequest);
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (code === "UND_ERR_CONNECT_TIMEOUT") return true;
  return syscall === "connect";
}

/**
 * The outcome of a request that got no answer: `not-sent` when the provider's name did not
 * resolve, `refused` (retryable) when no connection was made, else `possibly-accepted` (a
 * timeout, a connection dropped after the request went out).
 */
export function noAnswerOutcome(
  error: unknown,
):
  | { outcome: "not-sent"; reason: string }
  | { outcome: "refused"; reason: string; retryable: true }
  | { outcome: "possibly-accepted"; reason: string } {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const reason = `provider unreachable${typeof code === "string" ? ` (${code})` : ""}: ${text}`;
  if (isNameResolutionError(error)) return { outcome: "not-sent", reason };
  if (madeNoRequest(error)) return { outcome: "refused", reason, retryable: true };
  return { outcome: "possibly-accepted", reason };
}
