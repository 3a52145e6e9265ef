import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import twilio from "twilio";
import type { MockProviderState } from "./mock-provider-state.js";
import { TWILIO_API_VERSION, type TwilioMessage, type TwilioMessageStore } from "./twilio-message-store.js";

/** The account a Twilio dialect answers for: requests authenticate with it, callbacks are signed with its token. */
export interface TwilioAccount {
  /** `AC` and 32 hex digits. */
  accountSid: string;
  /** "" accepts any password (and signs callbacks with ""). */
  authToken: string;
}

/** The number a Messaging Service's message is sent from (Twilio's magic test number). */
export const TWILIO_POOL_NUMBER = "+15005550006";

/** Twilio's error code for an unreachable handset: the `undelivered` callbacks of `receiptFailRate`. */
export const UNREACHABLE_HANDSET_CODE = "30003";

/** How many times a callback is tried (a receiver that is down gets it again 1 s later). */
const CALLBACK_TRIES = 3;
/** How long one callback POST may take, in ms. */
const CALLBACK_TIMEOUT_MS = 5_000;

export interface TwilioCallbackDeps {
  state: MockProviderState;
  store: TwilioMessageStore;
  account: TwilioAccount;
  /** Returns a number in [0, 1); decides `receiptFailRate` (called only when it is above 0). */
  random: () => number;
  log: FastifyBaseLogger;
  closing: AbortSignal;
}

/**
 * Moves one created message on as Twilio would: after `receiptDelayMs`, `sent`, then `delivered`
 * (or, for a `receiptFailRate` share, `undelivered` with error 30003). With a StatusCallback,
 * each status is POSTed to it form-encoded with Twilio's parameters (MessageSid, SmsSid,
 * MessageStatus, SmsStatus, AccountSid, From, To, ApiVersion, MessagingServiceSid when used,
 * ErrorCode when undelivered, RawDlrDoneDate on the final status) and signed with
 * `X-Twilio-Signature` by the `twilio` package, each tried up to 3 times; `receiptDuplicates`
 * sends the final one again, `receiptOutOfOrder` sends it before `sent` (Twilio promises no
 * order). Each callback counts as a receipt sent or failed. Resolves when all are sent or given
 * up; stops early when `closing` aborts.
 */
export async function sendTwilioStatusCallbacks(
  deps: TwilioCallbackDeps,
  message: TwilioMessage,
  callbackUrl: string | undefined,
): Promise<void> {
  const { switches } = deps.state;
  if (switches.receiptDelayMs > 0) await sleep(switches.receiptDelayMs, undefined, { signal: deps.closing });
  const from = message.from ?? TWILIO_POOL_NUMBER;
  const sentAt = new Date();
  deps.store.update(message.sid, sentAt, { status: "sent", from });
  const failed = switches.receiptFailRate > 0 && deps.random() < switches.receiptFailRate;
  const doneAt = new Date();
  deps.store.update(
    message.sid,
    doneAt,
    failed
      ? {
          status: "undelivered",
          error_code: Number(UNREACHABLE_HANDSET_CODE),
          error_message: "Unreachable destination handset",
        }
      : { status: "delivered" },
  );
  if (callbackUrl === undefined) return;

  const common = {
    AccountSid: message.account_sid,
    ApiVersion: TWILIO_API_VERSION,
    From: from,
    MessageSid: message.sid,
    SmsSid: message.sid,
    To: message.to,
    ...(message.messaging_service_sid === null ? {} : { MessagingServiceSid: message.messaging_service_sid }),
  };
  const sent = { ...common, MessageStatus: "sent", SmsStatus: "sent" };
  const finalStatus = failed ? "undelivered" : "delivered";
  const final = {
    ...common,
    MessageStatus: finalStatus,
    SmsStatus: finalStatus,
    ...(failed ? { ErrorCode: UNREACHABLE_HANDSET_CODE } : {}),
    RawDlrDoneDate: rawDlrDoneDate(doneAt),
  };
  const finals = Array.from({ length: 1 + switches.receiptDuplicates }, () => final);
  const callbacks = switches.receiptOutOfOrder ? [...finals, sent] : [sent, ...finals];
  for (const params of callbacks) {
    deps.state.countReceipt(await post(deps, callbackUrl, params));
  }
}

/** `at` as Twilio's RawDlrDoneDate: `YYMMDDhhmm`, UTC. */
export function rawDlrDoneDate(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(at.getUTCFullYear() % 100)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

async function post(deps: TwilioCallbackDeps, url: string, params: Record<string, string>): Promise<boolean> {
  const signature = twilio.getExpectedTwilioSignature(deps.account.authToken, url, params);
  for (let attempt = 1; attempt <= CALLBACK_TRIES && !deps.closing.aborted; attempt++) {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": "TwilioProxy/1.1",
          "x-twilio-signature": signature,
        },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.any([deps.closing, AbortSignal.timeout(CALLBACK_TIMEOUT_MS)]),
      });
      await res.body?.cancel();
      if (res.ok) return true;
      deps.log.warn(
        { status: res.status, attempt, messageSid: params.MessageSid },
        "status callback refused",
      );
      if (res.status < 500) return false;
    } catch (error) {
      deps.log.warn({ err: error, attempt, messageSid: params.MessageSid }, "status callback not delivered");
    }
    if (attempt < CALLBACK_TRIES) await sleep(1_000, undefined, { signal: deps.closing }).catch(() => {});
  }
  return false;
}
