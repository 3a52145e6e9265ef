import type { ReceiptStatus } from "@dispatcher/core";
import { type Static, Type } from "typebox";
import { noAnswerOutcome, parseRetryAfter, readBody } from "../http-answer.js";
import type {
  AdapterKind,
  FoundMessage,
  InboundReading,
  OutgoingMessage,
  ReceiptReading,
  ReceiptRequest,
  SendOutcome,
} from "../provider-adapter.js";
import { HttpUrlSchema, SecretSchema } from "../provider-settings.js";
import { createHttpAgent } from "./http-agent.js";

/** Twilio's API root, where `baseUrl` points unless a test or the demo points it at the mock provider. */
export const TWILIO_API_URL = "https://api.twilio.com";

/**
 * Twilio's ValidityPeriod bounds, in seconds: 1 to 36,000, and 36,000 when none is given (the
 * Message resource's CreateMessage parameters; error 90007).
 */
export const VALIDITY_PERIOD_SECONDS = Object.freeze({ min: 1, max: 36_000 });

/** A Twilio phone number in E.164, or an alphanumeric sender id (1..11 letters, digits and spaces, one letter at least). */
const SENDER_PATTERN = "^(\\+[1-9][0-9]{1,14}|(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$";

/** A Twilio provider's own fields in PROVIDERS (see docs/providers.md). */
export const TwilioSettingsSchema = Type.Object(
  {
    /** The account (`AC` and 32 hex digits): in every request's path, and the Basic-auth user without an API key. */
    accountSid: Type.String({ pattern: "^AC[0-9a-fA-F]{32}$" }),
    /** The account's auth token: signs Twilio's status callbacks, and is the Basic-auth password without an API key. */
    authToken: SecretSchema,
    /** An API key (`SK` and 32 hex digits), Twilio's advice for requests; given with apiKeySecret or not at all. */
    apiKeySid: Type.Optional(Type.String({ pattern: "^SK[0-9a-fA-F]{32}$" })),
    /** The API key's secret: the Basic-auth password when apiKeySid is set. */
    apiKeySecret: Type.Optional(SecretSchema),
    /** The sender: a Twilio number in E.164 or an alphanumeric sender id; exactly one of from and messagingServiceSid. */
    from: Type.Optional(Type.String({ pattern: SENDER_PATTERN })),
    /** The sender: a Messaging Service (`MG` and 32 hex digits) whose pool Twilio picks a number from. */
    messagingServiceSid: Type.Optional(Type.String({ pattern: "^MG[0-9a-fA-F]{32}$" })),
    /**
     * The public URL of the dispatcher API's `POST /provider/{name}/receipts` for this provider,
     * sent as each message's StatusCallback with `ref=<reference>` added; absent: no callbacks.
     */
    statusCallbackUrl: Type.Optional(HttpUrlSchema),
    /**
     * The public URL of the dispatcher API's `POST /provider/{name}/inbound` for this provider, as
     * set as the number's (or Messaging Service's) incoming-message webhook in Twilio: what Twilio
     * signs. Absent: the URL as the API received it (right only with no proxy in front of it).
     */
    inboundUrl: Type.Optional(HttpUrlSchema),
    /** Where Twilio's REST API is. @defaultValue https://api.twilio.com */
    baseUrl: Type.String({ ...HttpUrlSchema, default: TWILIO_API_URL }),
  },
  {
    additionalProperties: false,
    // Exactly one sender. Each branch forbids the other field, so ajv names both fields when both are set.
    oneOf: [
      { required: ["from"], properties: { messagingServiceSid: false } },
      { required: ["messagingServiceSid"], properties: { from: false } },
    ],
    // An API key is its SID and its secret: both or neither (ajv: "must have property apiKeySecret when …").
    dependencies: { apiKeySid: ["apiKeySecret"], apiKeySecret: ["apiKeySid"] },
  },
);

export type TwilioSettings = Static<typeof TwilioSettingsSchema>;

/** Twilio's error code for a recipient who replied STOP (or another opt-out keyword). */
const OPTED_OUT_CODES: ReadonlySet<number> = new Set([21610]);

/**
 * Twilio's error codes that say this number cannot get an SMS through this provider, however
 * often it is tried: 21211 (not a valid phone number), 21612 (not reachable with this To and
 * From), 21614 (not a mobile number), 21635 (a landline).
 */
const INVALID_RECIPIENT_CODES: ReadonlySet<number> = new Set([21211, 21612, 21614, 21635]);

/**
 * Twilio's error codes that say this account cannot send at all now: 20003 (authentication),
 * 20005 (the account is not active).
 */
const ACCOUNT_FAULT_CODES: ReadonlySet<number> = new Set([20003, 20005]);

/**
 * Twilio's error codes that say this account may not send this message, though another provider
 * may: 21408 (the destination is not in the account's Geo Permissions), 21606 (the From number
 * cannot send to it), 21608 (a trial account's unverified number).
 */
const ACCOUNT_REFUSAL_CODES: ReadonlySet<number> = new Set([21408, 21606, 21608]);

/** Twilio's error code for too many concurrent requests (answered 429; never processed). */
const RATE_LIMIT_CODE = 20429;

/** How far Twilio's clock may be behind ours when findSent compares `date_created` with `since`, in ms. */
const CLOCK_SKEW_MS = 60_000;
/** Messages per list page findSent asks for (Twilio's default). */
const FIND_PAGE_SIZE = 50;
/** The most list pages findSent reads for one message. */
const FIND_MAX_PAGES = 5;
/** The longest list page read, in bytes: a page of 50 messages of 1,600 escaped characters fits many times. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

/** A request's `ref` query parameter is the message's reference only when it is a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Twilio's Programmable Messaging API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded, HTTP Basic auth with the API key or the auth token). It takes no idempotency key,
 * so a resend after an unclear answer first asks findSent; the message's reference travels in its
 * StatusCallback URL (`ref=`), which Twilio calls back signed with the auth token. How each answer
 * is read (by Twilio's error codes): readAnswer, and the table in docs/providers.md#twilio.
 */
export const twilioAdapter: AdapterKind<TwilioSettings> = {
  kind: "twilio",
  settings: TwilioSettingsSchema,
  create: (settings, context) => {
    const dispatcher = createHttpAgent(context);
    const base = new URL(settings.baseUrl);
    const prefix = base.pathname.replace(/\/+$/, "");
    const messagesPath = `${prefix}/2010-04-01/Accounts/${settings.accountSid}/Messages.json`;
    const user = settings.apiKeySid ?? settings.accountSid;
    const password = (settings.apiKeySecret ?? settings.authToken).reveal();
    const headers = {
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
      accept: "application/json",
      "user-agent": "message-dispatcher",
    };

    /** One page of the message list at `path`; rejects on anything but a 2xx JSON answer. */
    const listPage = async (path: string): Promise<MessageListPage> => {
      const response = await dispatcher.request({
        origin: base.origin,
        path,
        method: "GET",
        headers,
        signal: AbortSignal.timeout(context.timeoutMs),
      });
      const text = await readAll(response.body, MAX_LIST_BYTES);
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw new Error(
          `${context.name}: Twilio answered ${response.statusCode} listing messages: ${text.slice(0, 200)}`,
        );
      }
      try {
        return JSON.parse(text) as MessageListPage;
      } catch {
        throw new Error(`${context.name}: Twilio's message list is not JSON: ${text.slice(0, 200)}`);
      }
    };

    return {
      deduplicates: false,
      send: async (message) => {
        let status: number;
        let body: string;
        let retryAfter: string | string[] | undefined;
        try {
          const response = await dispatcher.request({
            origin: base.origin,
            path: messagesPath,
            method: "POST",
            headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
            body: createMessageForm(settings, message).toString(),
            // undici follows no redirects: a 3xx is an answer like any other.
            signal: AbortSignal.timeout(context.timeoutMs),
          });
          status = response.statusCode;
          retryAfter = response.headers["retry-after"];
          body = await readBody(response.body);
        } catch (error) {
          return noAnswerOutcome(error);
        }
        return readAnswer(status, body, parseRetryAfter(retryAfter));
      },
      findSent: async (message, since) => {
        const query = new URLSearchParams({ To: message.to });
        if (settings.from !== undefined) query.set("From", settings.from);
        query.set("PageSize", String(FIND_PAGE_SIZE));
        let path: string | undefined = `${messagesPath}?${query}`;
        for (let page = 0; page < FIND_MAX_PAGES && path !== undefined; page++) {
          const list = await listPage(path);
          const found = findInPage(list, message, since);
          if (found !== "read on") return found;
          path = nextPagePath(list.next_page_uri, base.origin, prefix);
        }
        return undefined;
      },
      close: () => dispatcher.close(),
    };
  },
  readReceipt: async (settings, request) => {
    const url = signedUrl(settings.statusCallbackUrl, request.url);
    const verified = await verifiedForm(settings, request, url);
    if ("unauthenticated" in verified)
      return { verdict: "unauthenticated", reason: verified.unauthenticated };
    return readStatusCallback(verified.params, url, new Date());
  },
  readInbound: async (settings, request) => {
    const verified = await verifiedForm(settings, request, signedUrl(settings.inboundUrl, request.url));
    if ("unauthenticated" in verified)
      return { verdict: "unauthenticated", reason: verified.unauthenticated };
    return readIncomingMessage(verified.params);
  },
};

/**
 * The CreateMessage form of `message`: To, the sender (From or MessagingServiceSid), Body,
 * StatusCallback (the settings' URL with `ref=<reference>`, when set) and ValidityPeriod (see
 * validityPeriodSeconds).
 */
export function createMessageForm(
  settings: Pick<TwilioSettings, "from" | "messagingServiceSid" | "statusCallbackUrl">,
  message: Pick<OutgoingMessage, "to" | "content" | "reference" | "expiresAt">,
  now = Date.now(),
): URLSearchParams {
  const form = new URLSearchParams({ To: message.to });
  if (settings.messagingServiceSid !== undefined)
    form.set("MessagingServiceSid", settings.messagingServiceSid);
  else if (settings.from !== undefined) form.set("From", settings.from);
  form.set("Body", message.content);
  if (settings.statusCallbackUrl !== undefined) {
    const callback = new URL(settings.statusCallbackUrl);
    callback.searchParams.set("ref", message.reference);
    form.set("StatusCallback", callback.toString());
  }
  const validity = validityPeriodSeconds(message.expiresAt, now);
  if (validity !== undefined) form.set("ValidityPeriod", String(validity));
  return form;
}

/**
 * The ValidityPeriod for a message that expires at `expiresAt`: the whole seconds left, at least
 * 1 (a message at its expiry still gets the shortest period, not Twilio's default). Undefined
 * (none sent, so Twilio's 36,000 s apply) without an expiry or with more than 36,000 s left.
 */
export function validityPeriodSeconds(expiresAt: Date | null, now = Date.now()): number | undefined {
  if (expiresAt === null) return undefined;
  const left = Math.floor((expiresAt.getTime() - now) / 1000);
  if (left > VALIDITY_PERIOD_SECONDS.max) return undefined;
  return Math.max(VALIDITY_PERIOD_SECONDS.min, left);
}

/** The outcome of Twilio's answer to a CreateMessage request (see twilioAdapter's table). */
export function readAnswer(status: number, body: string, retryAfterMs: number | undefined): SendOutcome {
  if (status >= 200 && status < 300) return { outcome: "accepted", status, ...readAccepted(body) };
  const error = readError(body);
  const said = error.message ?? body.slice(0, 200);
  const reason = `Twilio answered ${status}${error.code === undefined ? "" : ` (error ${error.code})`}: ${said}`;
  if (status >= 500) return { outcome: "possibly-accepted", status, reason, retryAfterMs };
  if (status === 429 || error.code === RATE_LIMIT_CODE) {
    return { outcome: "rate-limited", status, reason, retryAfterMs };
  }
  if (status >= 400 && error.code !== undefined) {
    if (OPTED_OUT_CODES.has(error.code)) {
      return {
        outcome: "invalid-recipient",
        status,
        reason: `recipient opted out at Twilio: ${reason}`,
        optedOut: true,
        code: String(error.code),
      };
    }
    if (INVALID_RECIPIENT_CODES.has(error.code)) {
      return { outcome: "invalid-recipient", status, reason, optedOut: false, code: String(error.code) };
    }
  }
  if (status === 401 || status === 403 || (error.code !== undefined && ACCOUNT_FAULT_CODES.has(error.code))) {
    return { outcome: "refused", status, reason, retryable: false, elsewhere: true, accountFault: true };
  }
  if (error.code !== undefined && ACCOUNT_REFUSAL_CODES.has(error.code)) {
    return { outcome: "refused", status, reason, retryable: false, elsewhere: true };
  }
  return { outcome: "refused", status, reason, retryable: status === 408, retryAfterMs };
}

/**
 * The `sid` of a 2xx body (null without one), and its `num_segments` when above 0 (Twilio answers
 * "0" for a Messaging Service's message, counted only once it is sent).
 */
function readAccepted(body: string): { providerMessageId: string | null; segments?: number } {
  try {
    const parsed = JSON.parse(body) as { sid?: unknown; num_segments?: unknown };
    const sid = typeof parsed.sid === "string" && parsed.sid.length > 0 ? parsed.sid : null;
    const segments = typeof parsed.num_segments === "string" ? Number(parsed.num_segments) : Number.NaN;
    return Number.isInteger(segments) && segments > 0 && segments <= 1_000
      ? { providerMessageId: sid, segments }
      : { providerMessageId: sid };
  } catch {
    // Not JSON: Twilio still took the message.
    return { providerMessageId: null };
  }
}

/** The `code` and `message` of Twilio's error body `{code, message, more_info, status}`, where present. */
function readError(body: string): { code?: number; message?: string } {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    const code = typeof parsed.code === "string" ? Number(parsed.code) : parsed.code;
    return {
      ...(typeof code === "number" && Number.isInteger(code) ? { code } : {}),
      ...(typeof parsed.message === "string" ? { message: parsed.message.slice(0, 200) } : {}),
    };
  } catch {
    return {};
  }
}

/** The fields findSent reads of Twilio's list answer (ListMessageResponse). */
interface MessageListPage {
  messages?: { sid?: unknown; body?: unknown; date_created?: unknown }[];
  next_page_uri?: unknown;
}

/**
 * findSent's test of one page, newest message first: the message whose `body` is the content
 * and whose `date_created` is not before `since` less the clock skew; undefined when the page
 * reaches messages older than that (none further can match); "read on" when the next page may
 * hold it.
 *
 * `date_created` rather than DateSent: Twilio's `date_sent` is null while a message is queued
 * (and `accepted`/`scheduled`), and a message whose answer was lost may well still be queued, so
 * a `DateSent>` filter would miss exactly the message looked for. The list is filtered by To
 * (and From) only, and the time is compared here.
 */
function findInPage(
  list: MessageListPage,
  message: Pick<OutgoingMessage, "content">,
  since: Date,
): FoundMessage | undefined | "read on" {
  const bound = since.getTime() - CLOCK_SKEW_MS;
  let oldest = Number.POSITIVE_INFINITY;
  for (const candidate of Array.isArray(list.messages) ? list.messages : []) {
    const created =
      typeof candidate.date_created === "string" ? Date.parse(candidate.date_created) : Number.NaN;
    if (!Number.isNaN(created)) oldest = Math.min(oldest, created);
    if (candidate.body === message.content && created >= bound && typeof candidate.sid === "string") {
      return { providerMessageId: candidate.sid };
    }
  }
  return oldest < bound ? undefined : "read on";
}

/**
 * The path of the next list page: Twilio's `next_page_uri`, relative to its API root (under
 * `baseUrl`'s path); undefined at the last page. A URI to another origin is not followed (it
 * would get the credentials).
 */
function nextPagePath(nextPageUri: unknown, origin: string, prefix: string): string | undefined {
  if (typeof nextPageUri !== "string" || nextPageUri === "") return undefined;
  const next = nextPageUri.startsWith("/")
    ? new URL(`${prefix}${nextPageUri}`, origin)
    : new URL(nextPageUri);
  if (next.origin !== origin) throw new Error(`Twilio's next_page_uri leaves ${origin}: ${nextPageUri}`);
  return `${next.pathname}${next.search}`;
}

/** A body of at most `maxBytes`; rejects (and drops the stream) past them. */
async function readAll(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBytes) throw new Error(`Twilio's answer is longer than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Twilio's final MessageStatus values and the receipt each is; every other status is not final. */
const FINAL_STATUSES: Readonly<Record<string, ReceiptStatus>> = Object.freeze({
  delivered: "delivered",
  // A read receipt (WhatsApp) comes after delivery: it says no less than delivered.
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  // Only a scheduled message can be canceled, and this adapter schedules none: it was never sent.
  canceled: "failed",
});

/** Twilio's error code for a message that waited in its queue past its ValidityPeriod. */
const VALIDITY_EXPIRED_CODE = "30036";

/**
 * What a verified status callback says (`params` its form fields, `url` the URL Twilio called,
 * `receivedAt` its arrival):
 * - `invalid` without MessageSid or MessageStatus;
 * - `ignored` for a status that is not final (queued, accepted, scheduled, sending, sent,
 *   receiving, received, partially_delivered and any new one);
 * - else a receipt: delivered and read → delivered, undelivered → undelivered, failed and
 *   canceled → failed, and either of those two with error 30036 (ValidityPeriod passed) →
 *   expired. `reference` is the URL's `ref` when it is a UUID, `at` the carrier's
 *   RawDlrDoneDate (YYMMDDhhmm, UTC) when it parses, else `receivedAt`.
 */
export function readStatusCallback(
  params: Record<string, string | string[]>,
  url: string,
  receivedAt: Date,
): ReceiptReading {
  const messageSid = firstValue(params.MessageSid);
  const messageStatus = firstValue(params.MessageStatus);
  if (!messageSid || !messageStatus) return { verdict: "invalid", reason: "no MessageSid or MessageStatus" };
  const final = Object.hasOwn(FINAL_STATUSES, messageStatus) ? FINAL_STATUSES[messageStatus] : undefined;
  if (final === undefined) return { verdict: "ignored", reason: `status ${messageStatus} is not final` };
  const errorCode = firstValue(params.ErrorCode) || null;
  const doneAt = parseRawDlrDoneDate(firstValue(params.RawDlrDoneDate));
  return {
    verdict: "receipt",
    receipt: {
      providerMessageId: messageSid,
      reference: readReference(url),
      status: final !== "delivered" && errorCode === VALIDITY_EXPIRED_CODE ? "expired" : final,
      at: doneAt ?? receivedAt,
      errorCode,
    },
  };
}

/** Twilio's answer to an incoming message that sends no reply: empty TwiML. */
const EMPTY_TWIML = Object.freeze({ contentType: "text/xml", body: "<Response></Response>" });

/**
 * Reads Twilio's incoming-message webhook (form fields From, To, Body, MessageSid): `invalid`
 * naming `From` or `Body` when either is missing or repeated; else the message, its text as sent,
 * to be answered with empty TwiML (no reply is sent).
 */
export function readIncomingMessage(params: Record<string, string | string[]>): InboundReading {
  for (const field of ["From", "Body"] as const) {
    if (typeof params[field] !== "string") return { verdict: "invalid", field, reason: "must be given once" };
  }
  const to = params.To;
  const sid = params.MessageSid;
  return {
    verdict: "message",
    message: {
      from: params.From as string,
      to: typeof to === "string" && to !== "" ? to : null,
      text: params.Body as string,
      providerMessageId: typeof sid === "string" && sid !== "" ? sid : null,
    },
    fields: { from: "From", text: "Body" },
    answer: EMPTY_TWIML,
  };
}

/**
 * The form fields of a Twilio callback whose X-Twilio-Signature verifies, with the official
 * `twilio` package's validateRequest, for `url` and the settings' auth token; else why it does not.
 */
async function verifiedForm(
  settings: Pick<TwilioSettings, "authToken">,
  request: ReceiptRequest,
  url: string,
): Promise<{ params: Record<string, string | string[]> } | { unauthenticated: string }> {
  const signature = headerValue(request.headers, "x-twilio-signature");
  if (signature === undefined) return { unauthenticated: "no X-Twilio-Signature header" };
  const params = readForm(request.rawBody);
  // Loaded here, so processes that never read Twilio's callbacks never load the package.
  const { default: twilio } = await import("twilio");
  let valid: boolean;
  try {
    valid = twilio.validateRequest(settings.authToken.reveal(), signature, url, params);
  } catch {
    // validateRequest throws on a URL Node cannot parse.
    valid = false;
  }
  return valid ? { params } : { unauthenticated: "X-Twilio-Signature does not verify with the auth token" };
}

/**
 * A RawDlrDoneDate (`YYMMDDhhmm`, the carrier's delivery report time, read as UTC in 20YY) as a
 * Date; undefined when absent or not a real time.
 */
export function parseRawDlrDoneDate(value: string | undefined): Date | undefined {
  const match = value === undefined ? null : /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new Date(Date.UTC(2000 + year, month - 1, day, hour, minute));
  // Date.UTC rolls 31 April into 1 May: a real time reads back the same.
  const same =
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    at.getUTCHours() === hour &&
    at.getUTCMinutes() === minute;
  return same ? at : undefined;
}

/** The `ref` query parameter of `url` when it is a UUID, else null. */
function readReference(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const ref = new URL(url).searchParams.get("ref");
  return ref !== null && UUID.test(ref) ? ref : null;
}

/** A form body's fields; a repeated field's values as an array, as twilio.validateRequest signs them. */
function readForm(rawBody: Buffer): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(rawBody.toString("utf8"))) {
    const seen = params[key];
    if (seen === undefined) params[key] = value;
    else params[key] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A header's single value, its name matched in any case; undefined when absent, empty or repeated. */
function headerValue(headers: ReceiptRequest["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === "string" && value !== "" ? value : undefined;
  }
  return undefined;
}

/**
 * The URL Twilio signed a callback for: the `configured` public URL's origin and path (what
 * Twilio was given, whatever proxies stand between it and the API) with the query as received
 * (the reference a status callback carries); the URL as the API saw it when none is configured.
 */
function signedUrl(configured: string | undefined, received: string): string {
  if (configured === undefined) return received;
  let query: string;
  try {
    query = new URL(received).search;
  } catch {
    return received;
  }
  const url = new URL(configured);
  return `${url.origin}${url.pathname}${query}`;
}
