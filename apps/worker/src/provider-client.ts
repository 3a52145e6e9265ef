import http from "node:http";
import https from "node:https";
import got, { RequestError } from "got";
import { isRetryableStatus, ProviderError, parseRetryAfter } from "./provider-error.js";

export interface ProviderMessage {
  to: string;
  content: string;
  /** Sent as `Idempotency-Key`: the same on every attempt of one message. */
  idempotencyKey: string;
}

export interface ProviderAcceptance {
  status: number;
  /** The provider's id for the message; null when a 2xx answer carried none. */
  messageId: string | null;
}

export interface ProviderClient {
  /** Sends one message. Resolves on any 2xx; throws ProviderError otherwise. */
  send: (message: ProviderMessage) => Promise<ProviderAcceptance>;
  close: () => void;
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

/**
 * The provider's HTTP client: POST `{to, content}` as JSON with the auth header and
 * Idempotency-Key, over kept-alive connections, with no retries of its own (BullMQ retries).
 */
export function createProviderClient(options: ProviderClientOptions): ProviderClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const client = got.extend({
    agent,
    timeout: { request: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    headers: { [options.authHeader]: options.authKey, "user-agent": "message-dispatcher" },
  });

  return {
    send: async (message) => {
      let response: {
        statusCode: number;
        body: string;
        headers: Record<string, string | string[] | undefined>;
      };
      try {
        response = await client.post(options.url, {
          json: { to: message.to, content: message.content },
          headers: { "idempotency-key": message.idempotencyKey },
          responseType: "text",
        });
      } catch (error) {
        const code = error instanceof RequestError ? error.code : undefined;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ProviderError(`provider unreachable${code ? ` (${code})` : ""}: ${reason}`, true);
      }
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { status, messageId: readMessageId(response.body) };
      const retryAfter = response.headers["retry-after"];
      throw new ProviderError(
        `provider answered ${status}: ${response.body.slice(0, 200)}`,
        isRetryableStatus(status),
        status,
        parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
      );
    },
    close: () => {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
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
