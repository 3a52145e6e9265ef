import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { answerTimes } from "../answer-times.js";
import { decideFailure } from "../decide-failure.js";
import type { MockProviderState } from "../mock-provider-state.js";
import {
  createTwilioMessageStore,
  TWILIO_API_VERSION,
  type TwilioListFilter,
} from "../twilio-message-store.js";
import { sendTwilioStatusCallbacks, type TwilioAccount } from "../twilio-status-callbacks.js";
import { failedAfterAcceptStatus } from "./messages.js";

export type { TwilioAccount } from "../twilio-status-callbacks.js";

/**
 * The account the Twilio dialect answers for when none is configured: a fixed, obviously fake
 * SID (`AC` and 32 zeros) and an empty token (any password; callbacks signed with "").
 */
export const DEFAULT_TWILIO_ACCOUNT: Readonly<TwilioAccount> = Object.freeze({
  accountSid: "AC00000000000000000000000000000000",
  authToken: "",
});

export interface TwilioRouteDeps {
  state: MockProviderState;
  /** The account requests must authenticate as; callbacks are signed with its token. */
  account: TwilioAccount;
  /** Returns a number in [0, 1); decides `failRate`, `failAfterAcceptRate`, `dropRate` and `receiptFailRate`. */
  random: () => number;
  /** Aborted when the app starts closing: a request still waiting out `latencyMs` then answers 503. */
  closing: AbortSignal;
}

/** Twilio's error body (the 2010 API's RestException as JSON). */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** An error answer: its status and Twilio's error code and message. */
interface TwilioError {
  status: number;
  code: number;
  message: string;
}

/** A CreateMessage request's parameters, checked. */
interface CreateMessage {
  to: string;
  from: string | undefined;
  messagingServiceSid: string | undefined;
  body: string;
  statusCallback: string | undefined;
}

/** Longest Body Twilio takes, in characters. */
const MAX_BODY_CHARACTERS = 1_600;
/** ValidityPeriod's bounds, in seconds. */
const VALIDITY_PERIOD = { min: 1, max: 36_000 } as const;
/** PageSize's default and bounds. */
const PAGE_SIZE = { default: 50, max: 1_000 } as const;

const E164 = /^\+[1-9][0-9]{1,14}$/;
const ALPHANUMERIC_SENDER = /^(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The status → Twilio error code of a simulated failure; other 4xx answer 70002, other 5xx 20500. */
const SIMULATED_ERRORS: Readonly<Record<number, { code: number; message: string }>> = Object.freeze({
  400: { code: 21211, message: "The 'To' number is not a valid phone number." },
  401: { code: 20003, message: "Authenticate" },
  403: { code: 20403, message: "Forbidden" },
  404: { code: 20404, message: "The requested resource was not found" },
  429: { code: 20429, message: "Too Many Requests" },
  503: { code: 20503, message: "Service Unavailable" },
});

/**
 * The Twilio dialect of the mock provider (Programmable Messaging, 2010 API), so the `twilio`
 * adapter can be tested, demonstrated and faulted against a local server:
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic auth as the
 *   account (user the account SID, or any API key SID `SK…` while the token is empty; password
 *   the token, anything while it is empty; the path's SID must be the account's) → 401 error
 *   20003. Parameters are checked as Twilio documents them (400: 21604 no To, 21211 To not
 *   E.164, 21603 neither From nor MessagingServiceSid, 21212 a bad From, 21701 a bad
 *   MessagingServiceSid, 21602 no Body, 21617 a Body over 1,600 characters, 90014/90007 a
 *   ValidityPeriod that is not an integer in 1..36,000, 21609 a bad StatusCallback); unknown
 *   parameters are ignored, as Twilio does. 201 with the Message resource (`queued`, or
 *   `accepted` through a Messaging Service).
 * - `GET` on the same path: the messages created, newest first, filtered by To, From,
 *   DateSent, `DateSent<` and `DateSent>` (a date `YYYY-MM-DD`, its whole UTC day; or a time),
 *   PageSize 1..1,000 (default 50), paged by `next_page_uri` (a `PageToken`); Twilio's list
 *   JSON. `previous_page_uri` is always null.
 *
 * It shares the state and switches of `POST /messages`: each POST counts as a request, waits
 * `latencyMs`, may take a simulated failure (answered with Twilio's error for its status: 400
 * 21211, 401 20003, 403 20403, 404 20404, 429 20429 with Retry-After, 503 20503, other 4xx
 * 70002, other 5xx 20500; `errorBody` replaces the body). Twilio takes no idempotency key: a
 * message's record is keyed by its StatusCallback's `ref` (the dispatcher's reference), and
 * every accepted repeat is another SMS (`sends`, `doubleSends`) with a sid of its own, listed
 * as such. `failAfterAcceptRate` answers 500 (20500) after creating the message and `dropRate`
 * closes the connection unanswered; either way the message exists and goes on (its status
 * moves, its callbacks come), as at Twilio. `acceptBody` replaces the 201 body. Status
 * callbacks: see sendTwilioStatusCallbacks. `DELETE /messages` forgets the messages too.
 */
export function twilioRoutes(deps: TwilioRouteDeps): FastifyPluginAsync {
  const { state, account, random, closing } = deps;
  const store = createTwilioMessageStore();
  state.onReset(() => store.clear());
  // The reference each request carried, for the answer log written once its answer is known.
  const references = new WeakMap<FastifyRequest, string>();
  const messagesPath = `/${TWILIO_API_VERSION}/Accounts/:AccountSid/Messages.json`;

  return async (app) => {
    // Twilio reads form bodies only; anything else carries no parameters.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => done(null, readForm(String(body))),
    );
    app.addContentTypeParser("*", { parseAs: "string" }, (_request, _body, done) => done(null, {}));
    app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, "unexpected error");
      const code = status >= 500 ? 20500 : 70002;
      return sendError(reply, {
        status,
        code,
        message: status >= 500 ? "Internal Server Error" : String(error.message),
      });
    });

    const authenticate = async (
      request: FastifyRequest<{ Params: { AccountSid: string } }>,
      reply: FastifyReply,
    ) => {
      if (!isAuthenticated(request.headers.authorization, request.params.AccountSid, account)) {
        request.log.info("rejected: bad Twilio credentials");
        reply.header("www-authenticate", 'Basic realm="Twilio API"');
        return sendError(reply, { status: 401, code: 20003, message: "Authenticate" });
      }
    };

    app.post<{ Params: { AccountSid: string }; Body: Record<string, string> }>(
      messagesPath,
      {
        // Auth runs before the body is parsed, so an unauthenticated caller learns nothing about its body.
        onRequest: [async () => state.countRequest(), authenticate],
        // onSend (not onResponse) so the counters are final before the client can read the answer.
        onSend: async (request, reply, payload) => {
          if (reply.statusCode < 200 || reply.statusCode > 299) state.countRejected();
          state.logAnswer({
            ...answerTimes(request),
            idempotencyKey: references.get(request) ?? null,
            status: reply.statusCode,
          });
          return payload;
        },
      },
      async (request, reply) => {
        const checked = checkCreateMessage(request.body ?? {});
        if ("code" in checked) {
          request.log.info({ code: checked.code, reason: checked.message }, "invalid Twilio request");
          return sendError(reply, checked);
        }
        const reference = referenceOf(checked.statusCallback);
        if (reference !== undefined) references.set(request, reference);

        const { latencyMs } = state.switches;
        if (latencyMs > 0) {
          try {
            await sleep(latencyMs, undefined, { signal: closing });
          } catch {
            return sendError(reply, { status: 503, code: 20503, message: "mock provider is shutting down" });
          }
        }

        const failure = decideFailure(state, checked.to, random);
        if (failure) {
          const { retryAfter } = state.switches;
          if (retryAfter !== null && (failure.status === 429 || failure.status === 503)) {
            reply.header("retry-after", retryAfter);
          } else if (failure.status === 429) {
            reply.header("retry-after", String(state.switches.retryAfterSeconds));
          }
          const simulated = simulatedError(failure.status);
          request.log.info(
            {
              reference,
              to: checked.to,
              status: failure.status,
              code: simulated.code,
              reason: failure.reason,
            },
            "simulated failure",
          );
          return sendError(reply, simulated, state.switches.errorBody);
        }

        const message = store.create({
          accountSid: account.accountSid,
          to: checked.to,
          from: checked.from,
          messagingServiceSid: checked.messagingServiceSid,
          body: checked.body,
        });
        const { record, duplicate } = state.accept({
          idempotencyKey: reference,
          to: checked.to,
          content: checked.body,
          deduplicate: false,
          messageId: message.sid,
        });
        request.log.info(
          { reference: record.idempotencyKey, messageSid: message.sid, to: checked.to, duplicate },
          duplicate ? "accepted again (sent twice)" : "accepted",
        );
        const { failAfterAcceptRate, dropRate } = state.switches;
        const failAfterAccept = failAfterAcceptRate > 0 && random() < failAfterAcceptRate;
        const drop = !failAfterAccept && dropRate > 0 && random() < dropRate;
        const callbacks = sendTwilioStatusCallbacks(
          { state, store, account, random, log: request.log, closing },
          message,
          checked.statusCallback,
        ).catch((error: unknown) => request.log.warn({ err: error }, "status callbacks stopped"));

        if (failAfterAccept) {
          const status = failedAfterAcceptStatus(state.switches.failStatus);
          request.log.info({ reference: record.idempotencyKey, status }, "accepted, then answered a failure");
          return sendError(reply, {
            status,
            code: 20500,
            message: "simulated failure after accepting (failAfterAcceptRate)",
          });
        }
        if (drop) {
          request.log.info({ reference: record.idempotencyKey }, "accepted, then dropped the connection");
          state.logAnswer({ ...answerTimes(request), idempotencyKey: record.idempotencyKey, status: 0 });
          reply.hijack();
          request.raw.socket.destroy();
          return;
        }
        if (state.switches.receiptBeforeAnswer) await callbacks;
        const { acceptBody } = state.switches;
        if (acceptBody !== null) return reply.code(201).type("application/json").send(acceptBody);
        return reply.code(201).send(message);
      },
    );

    app.get<{ Params: { AccountSid: string } }>(
      messagesPath,
      { onRequest: authenticate },
      async (request, reply) => {
        const mark = request.url.indexOf("?");
        const query = new URLSearchParams(mark < 0 ? "" : request.url.slice(mark + 1));
        const listing = readListQuery(query);
        if ("code" in listing) return sendError(reply, listing);
        const page = store.list(listing.filter, { size: listing.pageSize, after: listing.after });
        const path = mark < 0 ? request.url : request.url.slice(0, mark);
        const pageUri = (pageNumber: number, token?: string) => {
          const params = new URLSearchParams(query);
          params.set("PageSize", String(listing.pageSize));
          params.set("Page", String(pageNumber));
          params.delete("PageToken");
          if (token !== undefined) params.set("PageToken", token);
          return `${path}?${params}`;
        };
        const last = page.messages.at(-1);
        const start = listing.page * listing.pageSize;
        return reply.code(200).send({
          messages: page.messages,
          end: start + Math.max(page.messages.length - 1, 0),
          first_page_uri: pageUri(0),
          next_page_uri: page.more && last ? pageUri(listing.page + 1, `PA${last.sid}`) : null,
          page: listing.page,
          page_size: listing.pageSize,
          previous_page_uri: null,
          start,
          uri: request.url,
        });
      },
    );
  };
}

/**
 * Whether an `Authorization` header authenticates as `account` for the account `pathSid`: Basic,
 * user the account SID (or, while the token is empty, an API key SID), password the token (any
 * while it is empty).
 */
function isAuthenticated(header: string | undefined, pathSid: string, account: TwilioAccount): boolean {
  if (pathSid !== account.accountSid) return false;
  const match = header === undefined ? null : /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (account.authToken === "") return user === account.accountSid || API_KEY_SID.test(user);
  return user === account.accountSid && password === account.authToken;
}

/** A CreateMessage form's parameters, or the first of Twilio's errors they make. */
function checkCreateMessage(form: Record<string, string>): CreateMessage | TwilioError {
  const invalid = (code: number, message: string): TwilioError => ({ status: 400, code, message });
  const to = form.To;
  if (to === undefined || to === "") return invalid(21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return invalid(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = form.From || undefined;
  const messagingServiceSid = form.MessagingServiceSid || undefined;
  if (from === undefined && messagingServiceSid === undefined) {
    return invalid(21603, "A 'From' phone number is required.");
  }
  if (messagingServiceSid !== undefined && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    return invalid(21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
  }
  if (from !== undefined && !E164.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
    return invalid(
      21212,
      `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
    );
  }
  const body = form.Body;
  if (body === undefined || body === "") return invalid(21602, "Message body is required.");
  if ([...body].length > MAX_BODY_CHARACTERS) {
    return invalid(21617, "The concatenated message body exceeds the 1600 character limit.");
  }
  const validity = form.ValidityPeriod;
  if (validity !== undefined) {
    if (!/^-?\d+$/.test(validity) || Number(validity) < VALIDITY_PERIOD.min) {
      return invalid(90014, "Validity Period should be positive integer");
    }
    if (Number(validity) > VALIDITY_PERIOD.max) {
      return invalid(90007, `Invalid validity period value: ${validity} (1 to 36000 seconds)`);
    }
  }
  const statusCallback = form.StatusCallback || undefined;
  if (statusCallback !== undefined && !isCallbackUrl(statusCallback)) {
    return invalid(21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  }
  return { to, from, messagingServiceSid, body, statusCallback };
}

/** Twilio's rule for StatusCallback: an absolute http(s) URL with a valid host name (no underscores). */
function isCallbackUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === "https:" || url.protocol === "http:") &&
    url.hostname !== "" &&
    !url.hostname.includes("_")
  );
}

/** The `ref` query parameter of a StatusCallback URL: the dispatcher's reference for the message. */
function referenceOf(statusCallback: string | undefined): string | undefined {
  if (statusCallback === undefined) return undefined;
  return new URL(statusCallback).searchParams.get("ref") ?? undefined;
}

/** A ListMessage query: its filter and page, or Twilio's error for a bad parameter. */
function readListQuery(
  query: URLSearchParams,
): { filter: TwilioListFilter; pageSize: number; page: number; after: string | undefined } | TwilioError {
  const invalid = (message: string): TwilioError => ({ status: 400, code: 70002, message });
  const filter: TwilioListFilter = {};
  const to = query.get("To");
  if (to !== null) filter.to = to;
  const from = query.get("From");
  if (from !== null) filter.from = from;
  for (const [key, bound] of [
    ["DateSent", "both"],
    ["DateSent<", "until"],
    ["DateSent>", "from"],
  ] as const) {
    const value = query.get(key);
    if (value === null) continue;
    const range = readDateRange(value);
    if (!range) return invalid(`${key} must be a date (YYYY-MM-DD) or a time, got "${value}"`);
    if (bound !== "until")
      filter.sentFrom = Math.max(filter.sentFrom ?? Number.NEGATIVE_INFINITY, range.from);
    if (bound !== "from")
      filter.sentUntil = Math.min(filter.sentUntil ?? Number.POSITIVE_INFINITY, range.until);
  }
  const pageSizeText = query.get("PageSize") ?? String(PAGE_SIZE.default);
  const pageSize = Number(pageSizeText);
  if (!/^\d+$/.test(pageSizeText) || pageSize < 1 || pageSize > PAGE_SIZE.max) {
    return invalid(`PageSize must be an integer from 1 to ${PAGE_SIZE.max}, got "${pageSizeText}"`);
  }
  const pageText = query.get("Page") ?? "0";
  if (!/^\d+$/.test(pageText)) return invalid(`Page must be an integer from 0, got "${pageText}"`);
  const token = query.get("PageToken");
  if (token !== null && !/^PASM[0-9a-f]{32}$/.test(token))
    return invalid(`PageToken "${token}" is not one this API gave`);
  return { filter, pageSize, page: Number(pageText), after: token === null ? undefined : token.slice(2) };
}

/** A DateSent value as epoch ms: a date is its whole UTC day, a time itself. */
function readDateRange(value: string): { from: number; until: number } | undefined {
  const at = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at)) return undefined;
  return DATE_ONLY.test(value) ? { from: at, until: at + DAY_MS - 1 } : { from: at, until: at };
}

/** A form body's parameters; a repeated one keeps its first value. */
function readForm(body: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (!Object.hasOwn(form, key)) form[key] = value;
  }
  return form;
}

/** Twilio's error for a simulated failure status (see twilioRoutes). */
function simulatedError(status: number): TwilioError {
  const known = SIMULATED_ERRORS[status];
  if (known) return { status, ...known };
  return status >= 500
    ? { status, code: 20500, message: "An internal server error has occurred" }
    : { status, code: 70002, message: "Bad request" };
}

function sendError(reply: FastifyReply, error: TwilioError, rawBody: string | null = null): FastifyReply {
  reply.code(error.status).type("application/json");
  if (rawBody !== null) return reply.send(rawBody);
  const body: TwilioErrorBody = {
    code: error.code,
    message: error.message,
    more_info: `https://www.twilio.com/docs/errors/${error.code}`,
    status: error.status,
  };
  return reply.send(body);
}
