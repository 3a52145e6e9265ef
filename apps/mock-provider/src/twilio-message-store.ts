import { randomBytes } from "node:crypto";
import { countSegments } from "@dispatcher/core";

/** Twilio's API version, in every path, resource and callback of the 2010 API. */
export const TWILIO_API_VERSION = "2010-04-01";

/** The MessageStatus values the mock's Twilio messages go through (Twilio has more). */
export type TwilioMessageStatus = "accepted" | "queued" | "sent" | "delivered" | "undelivered";

/** A Message resource as Twilio's 2010 API answers it (`api.v2010.account.message`; times in RFC 2822). */
export interface TwilioMessage {
  sid: string;
  account_sid: string;
  api_version: typeof TWILIO_API_VERSION;
  body: string;
  date_created: string;
  date_updated: string;
  /** Null until the message is sent. */
  date_sent: string | null;
  direction: "outbound-api";
  error_code: number | null;
  error_message: string | null;
  /** Null for a Messaging Service's message until it is sent (Twilio then names the pool number). */
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  status: TwilioMessageStatus;
  subresource_uris: { media: string };
  to: string;
  uri: string;
}

/** Which messages a list asks for: Twilio's ListMessage filters, times in epoch ms (inclusive). */
export interface TwilioListFilter {
  to?: string;
  from?: string;
  /** `date_sent` within [sentFrom, sentUntil]; a message not sent yet (date_sent null) never matches. */
  sentFrom?: number;
  sentUntil?: number;
}

/** The most messages the store keeps; older ones are dropped first. */
export const TWILIO_MESSAGE_LIMIT = 100_000;

/** The Twilio messages the mock created, newest last. */
export interface TwilioMessageStore {
  /** Creates a queued message (`accepted` through a Messaging Service) and returns a copy. */
  create(input: {
    accountSid: string;
    to: string;
    from: string | undefined;
    messagingServiceSid: string | undefined;
    body: string;
  }): TwilioMessage;
  /** Moves a message on (status, error, sender, date_sent); date_updated becomes `at`. Unknown sids are ignored. */
  update(
    sid: string,
    at: Date,
    patch: Partial<Pick<TwilioMessage, "status" | "error_code" | "error_message" | "from">>,
  ): void;
  /**
   * Up to `size` copies of the messages matching `filter`, newest first, starting after the
   * message `after` (a sid from an earlier page); `more` says whether any follow.
   */
  list(
    filter: TwilioListFilter,
    page: { size: number; after?: string },
  ): { messages: TwilioMessage[]; more: boolean };
  clear(): void;
}

/** `date` as Twilio writes times: RFC 2822 in UTC, `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

/** A new Twilio SID: the two-letter prefix and 32 hex digits. */
export function twilioSid(prefix: "SM"): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

export function createTwilioMessageStore(now: () => Date = () => new Date()): TwilioMessageStore {
  let messages: TwilioMessage[] = [];
  const bySid = new Map<string, TwilioMessage>();
  const copy = (message: TwilioMessage): TwilioMessage => ({
    ...message,
    subresource_uris: { ...message.subresource_uris },
  });

  return {
    create({ accountSid, to, from, messagingServiceSid, body }) {
      const sid = twilioSid("SM");
      const at = rfc2822(now());
      const uri = `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
      // Through a Messaging Service, Twilio answers before it picks the sender or counts segments.
      const viaService = messagingServiceSid !== undefined && from === undefined;
      const message: TwilioMessage = {
        sid,
        account_sid: accountSid,
        api_version: TWILIO_API_VERSION,
        body,
        date_created: at,
        date_updated: at,
        date_sent: null,
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from: from ?? null,
        messaging_service_sid: messagingServiceSid ?? null,
        num_media: "0",
        num_segments: viaService ? "0" : String(countSegments(body, { turkishShiftTables: false }).segments),
        price: null,
        price_unit: "USD",
        status: viaService ? "accepted" : "queued",
        subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
        to,
        uri,
      };
      messages.push(message);
      bySid.set(sid, message);
      if (messages.length > TWILIO_MESSAGE_LIMIT) {
        const dropped = messages.slice(0, messages.length - TWILIO_MESSAGE_LIMIT);
        for (const old of dropped) bySid.delete(old.sid);
        messages = messages.slice(-TWILIO_MESSAGE_LIMIT);
      }
      return copy(message);
    },
    update(sid, at, patch) {
      const message = bySid.get(sid);
      if (!message) return;
      Object.assign(message, patch, { date_updated: rfc2822(at) });
      if (patch.status === "sent") message.date_sent = rfc2822(at);
    },
    list(filter, page) {
      const found: TwilioMessage[] = [];
      let started = page.after === undefined;
      for (let i = messages.length - 1; i >= 0; i--) {
        const message = messages[i]!;
        if (!started) {
          started = message.sid === page.after;
          continue;
        }
        if (!matches(message, filter)) continue;
        if (found.length === page.size) return { messages: found.map(copy), more: true };
        found.push(message);
      }
      return { messages: found.map(copy), more: false };
    },
    clear() {
      messages = [];
      bySid.clear();
    },
  };
}

function matches(message: TwilioMessage, filter: TwilioListFilter): boolean {
  if (filter.to !== undefined && message.to !== filter.to) return false;
  if (filter.from !== undefined && message.from !== filter.from) return false;
  if (filter.sentFrom === undefined && filter.sentUntil === undefined) return true;
  if (message.date_sent === null) return false;
  const sent = Date.parse(message.date_sent);
  return (
    sent >= (filter.sentFrom ?? Number.NEGATIVE_INFINITY) &&
    sent <= (filter.sentUntil ?? Number.POSITIVE_INFINITY)
  );
}
