import { type Static, Type } from "typebox";
import { noAnswerOutcome, parseRetryAfter, readBody } from "../http-answer.js";
import type { AdapterKind, SendOutcome } from "../provider-adapter.js";
import { HttpUrlSchema, SecretSchema } from "../provider-settings.js";
import { createHttpAgent } from "./http-agent.js";

/** A webhook provider's own fields in PROVIDERS (see docs/providers.md). */
export const WebhookSettingsSchema = Type.Object(
  {
    /** Where `POST {to, content}` goes. */
    url: HttpUrlSchema,
    /** The auth header's name. @defaultValue x-ins-auth-key */
    authHeader: Type.String({ minLength: 1, maxLength: 128, default: "x-ins-auth-key" }),
    /** The auth header's value. */
    authKey: SecretSchema,
    /** A sender identity, sent as `from` with every message; absent: none is sent. */
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** A status with which the provider says the recipient opted out (with optOutCode); 0 = never. @defaultValue 0 */
    optOutStatus: Type.Integer({ minimum: 0, maximum: 599, default: 0 }),
    /** Text the opt-out answer's body contains; empty = the status alone. @defaultValue "" */
    optOutCode: Type.String({ maxLength: 64, default: "" }),
  },
  { additionalProperties: false },
);

export type WebhookSettings = Static<typeof WebhookSettingsSchema>;

/**
 * The generic webhook: `POST {to, content}` (and `from` when set) as JSON with the auth header and
 * the message's `Idempotency-Key`, answered 2xx `{messageId}`. It deduplicates by the key, so a
 * resend after an unclear answer is safe. How each answer is read: readAnswer, and the table in
 * docs/providers.md#webhook.
 */
export const webhookAdapter: AdapterKind<WebhookSettings> = {
  kind: "webhook",
  settings: WebhookSettingsSchema,
  create: (settings, context) => {
    const dispatcher = createHttpAgent(context);
    const target = new URL(settings.url);
    const path = `${target.pathname}${target.search}`;
    const headers = {
      "content-type": "application/json",
      "user-agent": "message-dispatcher",
      [settings.authHeader]: settings.authKey.reveal(),
    };
    return {
      deduplicates: true,
      send: async (message) => {
        let status: number;
        let body: string;
        let retryAfter: string | string[] | undefined;
        try {
          const response = await dispatcher.request({
            origin: target.origin,
            path,
            method: "POST",
            headers: { ...headers, "idempotency-key": message.reference },
            body: JSON.stringify({
              to: message.to,
              content: message.content,
              ...(settings.from === undefined ? {} : { from: settings.from }),
            }),
            // undici follows no redirects: a 3xx is an answer like any other.
            signal: AbortSignal.timeout(context.timeoutMs),
          });
          status = response.statusCode;
          retryAfter = response.headers["retry-after"];
          body = await readBody(response.body);
        } catch (error) {
          return noAnswerOutcome(error);
        }
        return readAnswer({ status, body, retryAfterMs: parseRetryAfter(retryAfter) }, settings);
      },
      close: () => dispatcher.close(),
    };
  },
};

/** The outcome of a webhook provider's answer (see webhookAdapter's table). */
export function readAnswer(
  answer: { status: number; body: string; retryAfterMs: number | undefined },
  settings: Pick<WebhookSettings, "optOutStatus" | "optOutCode">,
): SendOutcome {
  const { status, body, retryAfterMs } = answer;
  if (status >= 200 && status < 300)
    return { outcome: "accepted", status, providerMessageId: readMessageId(body) };
  const reason = `provider answered ${status}: ${body.slice(0, 200)}`;
  if (status === 429) return { outcome: "rate-limited", status, reason, retryAfterMs };
  if (settings.optOutStatus !== 0 && status === settings.optOutStatus && body.includes(settings.optOutCode)) {
    return {
      outcome: "invalid-recipient",
      status,
      reason: `recipient opted out at the provider: ${reason}`,
      optedOut: true,
      ...(settings.optOutCode === "" ? {} : { code: settings.optOutCode }),
    };
  }
  if (status >= 500) return { outcome: "possibly-accepted", status, reason, retryAfterMs };
  if (status === 401 || status === 403) {
    // Its credentials: every message is refused alike, and another provider may take this one.
    return { outcome: "refused", status, reason, retryable: false, elsewhere: true, accountFault: true };
  }
  return { outcome: "refused", status, reason, retryable: status === 408, retryAfterMs };
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
