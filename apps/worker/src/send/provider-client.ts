import { Agent, errors, request } from "undici";
import { isRetryableStatus, madeNoRequest, ProviderError, parseRetryAfter } from "./provider-error.js";

export interface ProviderMessage {
  to: string;
  content: string;
  /** Sent as `Idempotency-Key`: the same on every attempt of one message. */
  idempotencyKey: string;
}

export interface ProviderAcceptance {
  status: number;
  /** The provider's id for the message (its answer's `messageId`); null when a 2xx carried none. */
  providerMessageId: string | null;
}

export interface ProviderClient {
  /** Sends one message. Resolves on any 2xx; throws ProviderError otherwise. */
  send: (message: ProviderMessage) => Promise<ProviderAcceptance>;
  close: () => Promise<void>;
}

export interface ProviderClientOptions {
  url: string;
  authHeader: string;
  authKey: string;
  /** Whole-request timeout in milliseconds; a timeout is retryable. */
  timeoutMs: number;
  /** Upper bound of open connections to the provider (kept alive between sends). */
  maxSockets?: number;
}

/** The longest provider answer body read; the rest is dropped (an answer is a small JSON object). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The provider's HTTP client: POST `{to, content}` as JSON with the auth header and
 * Idempotency-Key, over kept-alive connections (undici), with no retries of its own (BullMQ
 * retries). undici rather than got: on the send path got cost about twice the CPU per message
 * (see docs/performance.md).
 */
export function createProviderClient(options: ProviderClientOptions): ProviderClient {
  const dispatcher = new Agent({
    connections: options.maxSockets ?? 64,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const headers = {
    "content-type": "application/json",
    "user-agent": "message-dispatcher",
    [options.authHeader]: options.authKey,
  };

  return {
    send: async (message) => {
      let status: number;
      let body: string;
      let retryAfter: string | string[] | undefined;
      try {
        const response = await request(options.url, {
          method: "POST",
          dispatcher,
          headers: { ...headers, "idempotency-key": message.idempotencyKey },
          body: JSON.stringify({ to: message.to, content: message.content }),
          // undici follows no redirects: a 3xx is an answer like any other (permanent).
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = response.statusCode;
        retryAfter = response.headers["retry-after"];
        body = await readBody(response.body);
      } catch (error) {
        const code = error instanceof errors.UndiciError ? error.code : (error as { code?: string }).code;
        const reason = error instanceof Error ? error.message : String(error);
        const refused = madeNoRequest(error);
        throw new ProviderError(
          `provider unreachable${code ? ` (${code})` : ""}: ${reason}`,
          true,
          undefined,
          undefined,
          undefined,
          refused,
        );
      }
      if (status >= 200 && status < 300) return { status, providerMessageId: readMessageId(body) };
      throw new ProviderError(
        `provider answered ${status}: ${body.slice(0, 200)}`,
        isRetryableStatus(status),
        status,
        parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
        body,
      );
    },
    close: () => dispatcher.close(),
  };
}

/** The answer's body, its first MAX_BODY_BYTES only: past them the stream is dropped, not drained. */
async function readBody(stream: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}

/** The `messageId` of a 2xx body `{"message":"Accepted","messageId":"..."}`, or null. */
function readMessageId(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { messageId?: unknown };
    if (typeof parsed.messageId === "string" && parsed.messageId.length > 0) return parsed.messageId;
    if (typeof parsed.messageId === "number") return String(parsed.messageId);
  } catch {
    // Not JSON: the provider still accepted the message.
  }
  return null;
}
