import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import {
  type CallbackJobData,
  checkCallbackUrl,
  isPrivateAddress,
  SIGNATURE_HEADER,
  signPayload,
} from "@dispatcher/core";
import { type Db, getDueCallback, recordCallbackAttempt } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { callbackSpan, MESSAGE_ATTRIBUTES, type MessageSpan } from "@dispatcher/telemetry";
import { DelayedError, type Job } from "bullmq";
import { Agent, fetch } from "undici";

export interface CallbackDeps {
  db: Db;
  logger: Logger;
  /** CALLBACK_SECRET: every callback is signed with it (see signatures.ts in @dispatcher/core). */
  secret: string;
  /** ALLOW_PRIVATE_CALLBACKS. */
  allowPrivate: boolean;
  /** How long one POST may take. */
  timeoutMs: number;
}

/** How long a callback waits for an earlier one of its message before it looks again (no attempt spent). */
const WAIT_FOR_EARLIER_MS = 5_000;

/**
 * A DNS lookup that refuses (unless `allowPrivate`) a host resolving to any loopback or private
 * address, used when connecting: a name that resolved to a public address at intake and to a
 * private one now (DNS rebinding) is refused too.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (blocked) {
        const refused = Object.assign(
          new Error(`${hostname} resolves to a loopback or private address (${blocked.address})`),
          { code: "EPRIVATEADDRESS" },
        );
        return callback(refused, "", 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Delivers one status callback: POSTs `{messageId, deliveryStatus, at}` to the message's
 * callbackUrl, signed with `x-signature` over the raw body, and records the outcome. A 2xx
 * delivers it; anything else (another status, a timeout, a refused address) is recorded and
 * thrown, and BullMQ tries again with backoff (CALLBACK_JOB_OPTIONS); the last failure gives up,
 * so later callbacks of the message stop waiting for it. A callback whose message has an earlier
 * one still open waits (moved back to delayed, no attempt spent), so a client hears a message's
 * states in order. A delivered one is never sent again. Redirects are not followed.
 */
export function createCallbackJob(deps: CallbackDeps) {
  const agent = new Agent({ connect: { lookup: guardedLookup(deps.allowPrivate) } });
  return (job: Job<CallbackJobData>, token?: string): Promise<{ outcome: string }> =>
    callbackSpan({ callbackId: job.data.callbackId }, (span) => deliver(deps, { agent, job, token, span }));
}

/** One run of a callback's job (see createCallbackJob). */
async function deliver(
  deps: CallbackDeps,
  run: { agent: Agent; job: Job<CallbackJobData>; token?: string; span: MessageSpan },
): Promise<{ outcome: string }> {
  const { agent, job, token, span } = run;
  const id = job.data.callbackId;
  const callback = await getDueCallback(deps.db, id);
  if (!callback || callback.deliveredAt) return { outcome: "skipped" };
  span.setAttribute(MESSAGE_ATTRIBUTES.id, callback.messageId);
  if (callback.waitsForEarlier) {
    await job.moveToDelayed(Date.now() + WAIT_FOR_EARLIER_MS, token);
    throw new DelayedError();
  }
  const body = JSON.stringify({
    messageId: callback.messageId,
    deliveryStatus: callback.status,
    at: callback.at.toISOString(),
  });
  try {
    const refused = await checkCallbackUrl(callback.callbackUrl, { allowPrivate: deps.allowPrivate });
    if (refused) throw new Error(`callbackUrl ${refused}`);
    const res = await fetch(callback.callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signPayload(deps.secret, body) },
      body,
      dispatcher: agent,
      redirect: "manual",
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    await res.body?.cancel();
    if (res.status < 200 || res.status > 299) throw new Error(`the callback URL answered ${res.status}`);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const message = cause ? `${(error as Error).message}: ${cause}` : (error as Error).message;
    const gaveUp = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await recordCallbackAttempt(deps.db, id, { delivered: false, error: message, gaveUp });
    deps.logger.warn(
      { callbackId: id, messageId: callback.messageId, err: message, gaveUp },
      "status callback failed",
    );
    throw new Error(message);
  }
  await recordCallbackAttempt(deps.db, id, { delivered: true });
  deps.logger.info(
    { callbackId: id, messageId: callback.messageId, status: callback.status },
    "status callback delivered",
  );
  return { outcome: "delivered" };
}
