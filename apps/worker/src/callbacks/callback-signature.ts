import { Webhook } from "standardwebhooks";

/** The Standard Webhooks headers of one status callback POST. */
export interface CallbackHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The `webhook-id` of status callback `callbackId`: the same on every try of it, so receivers can drop repeats. */
export function callbackWebhookId(callbackId: number): string {
  return `cb_${callbackId}`;
}

/**
 * Signs `body` as Standard Webhooks message `id` sent at `at` with each of `secrets` (`whsec_`
 * form, current first) through the official `standardwebhooks` library: `webhook-signature` holds
 * one `v1,<base64>` per secret, space-separated, so a receiver verifying with either secret of a
 * rotation accepts it.
 */
export function signCallback(
  secrets: readonly string[],
  message: { id: string; at: Date; body: string },
): CallbackHeaders {
  return {
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(message.at.getTime() / 1_000)),
    "webhook-signature": secrets
      .map((secret) => new Webhook(secret).sign(message.id, message.at, message.body))
      .join(" "),
  };
}
