import type { DeliveryStatus } from "./statuses.js";

/**
 * The Standard Webhooks event `type` of a status callback, one per delivery status it reports.
 * Stable: receivers switch on them (docs/webhooks.md lists them).
 */
export const CALLBACK_EVENT_TYPES = {
  delivered: "message.delivered",
  undelivered: "message.undelivered",
  failed: "message.failed",
  expired: "message.expired",
  unknown: "message.delivery_unknown",
} as const satisfies Record<DeliveryStatus, string>;

export type CallbackEventType = (typeof CALLBACK_EVENT_TYPES)[DeliveryStatus];

/** A status callback's body: the Standard Webhooks envelope around what the callback reports. */
export interface CallbackEvent {
  type: CallbackEventType;
  /** When the status changed (ISO 8601), as `data.at`. */
  timestamp: string;
  data: { messageId: number; deliveryStatus: DeliveryStatus; at: string };
}

/** The event a status callback POSTs for message `messageId` reaching `status` at `at`. */
export function callbackEvent(messageId: number, status: DeliveryStatus, at: Date): CallbackEvent {
  const iso = at.toISOString();
  return {
    type: CALLBACK_EVENT_TYPES[status],
    timestamp: iso,
    data: { messageId, deliveryStatus: status, at: iso },
  };
}
