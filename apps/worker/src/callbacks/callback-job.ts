import {
  type CallbackHostResolver,
  type CallbackJobData,
  callbackEvent,
  callbackHost,
  isCallbackHostError,
  malformedCallbackUrl,
  privateAddressRefusal,
  type ResolvedAddress,
} from "@dispatcher/core";
import { type Db, getDueCallback, recordCallbackAttempt } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { callbackSpan, MESSAGE_ATTRIBUTES, type MessageSpan } from "@dispatcher/telemetry";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { Agent, fetch } from "undici";
import { callbackWebhookId, signCallback } from "./callback-signature.js";
import { pinnedLookup } from "./pinned-lookup.js";

export interface CallbackDeps {
  db: Db;
  logger: Logger;
  /**
   * CALLBACK_SIGNING_SECRET, then CALLBACK_SIGNING_SECRET_PREVIOUS while rotating: every callback
   * carries a Standard Webhooks signature made with each (see signCallback).
   */
  secrets: readonly string[];
  /** ALLOW_PRIVATE_CALLBACKS. */
  allowPrivate: boolean;
  /** Resolves callback hosts within CALLBACK_DNS_TIMEOUT_MS (see createCallbackResolver). */
  resolve: CallbackHostResolver;
  /** How long one POST may take. */
  timeoutMs: number;
}

/** How long a callback waits for an earlier one of its message before it looks again (no attempt spent). */
const WAIT_FOR_EARLIER_MS = 5_000;

/**
 * The addresses a callback to `url` may connect to, resolved and checked now. Throws
 * UnrecoverableError when the URL is refused for good (not http(s), a host DNS says does not
 * exist, a private address without `allowPrivate`), and the resolver's CallbackHostError
 * (`unavailable`) when DNS gives no answer now: that one is tried again.
 */
async function checkedAddresses(
  url: string,
  deps: Pick<CallbackDeps, "allowPrivate" | "resolve">,
): Promise<ResolvedAddress[]> {
  const malformed = malformedCallbackUrl(url);
  if (malformed) throw new UnrecoverableError(`callbackUrl ${malformed}`);
  const host = callbackHost(url);
  let addresses: ResolvedAddress[];
  try {
    addresses = await deps.resolve(host);
  } catch (error) {
    if (isCallbackHostError(error, "not-found")) throw new UnrecoverableError(`callbackUrl ${error.message}`);
    throw error;
  }
  const refused = deps.allowPrivate ? undefined : privateAddressRefusal(addresses.map((a) => a.address));
  if (refused) throw new UnrecoverableError(`callbackUrl ${refused}`);
  return addresses;
}

/**
 * Delivers one status callback: POSTs its Standard Webhooks event (`{type, timestamp, data:
 * {messageId, deliveryStatus, at}}`) to the message's callbackUrl, signed (see signCallback) with
 * `webhook-id` the same on every try, connecting only to the addresses checked for it (see
 * checkedAddresses), and records the outcome. A 2xx delivers it. A refused URL gives up at once;
 * anything else (another status, a timeout, DNS without an answer) is recorded and thrown, and
 * BullMQ tries again with backoff (CALLBACK_JOB_OPTIONS); the last failure gives up, so later
 * callbacks of the message stop waiting for it. A callback whose message has an earlier one still
 * open waits (moved back to delayed, no attempt spent), so a client hears a message's states in
 * order. A delivered one is never sent again. Redirects are not followed.
 */
export function createCallbackJob(deps: CallbackDeps) {
  return (job: Job<CallbackJobData>, token?: string): Promise<{ outcome: string }> =>
    callbackSpan({ callbackId: job.data.callbackId }, (span) => deliver(deps, { job, token, span }));
}

/** One run of a callback's job (see createCallbackJob). */
async function deliver(
  deps: CallbackDeps,
  run: { job: Job<CallbackJobData>; token?: string; span: MessageSpan },
): Promise<{ outcome: string }> {
  const { job, token, span } = run;
  const id = job.data.callbackId;
  const callback = await getDueCallback(deps.db, id);
  if (!callback || callback.deliveredAt) return { outcome: "skipped" };
  span.setAttribute(MESSAGE_ATTRIBUTES.id, callback.messageId);
  if (callback.waitsForEarlier) {
    await job.moveToDelayed(Date.now() + WAIT_FOR_EARLIER_MS, token);
    throw new DelayedError();
  }
  const body = JSON.stringify(callbackEvent(callback.messageId, callback.status, callback.at));
  let agent: Agent | undefined;
  try {
    const addresses = await checkedAddresses(callback.callbackUrl, deps);
    agent = new Agent({ connect: { lookup: pinnedLookup(addresses) } });
    const res = await fetch(callback.callbackUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signCallback(deps.secrets, { id: callbackWebhookId(id), at: new Date(), body }),
      },
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
    const permanent = error instanceof UnrecoverableError;
    const gaveUp = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await recordCallbackAttempt(deps.db, id, { delivered: false, error: message, gaveUp });
    deps.logger.warn(
      { callbackId: id, messageId: callback.messageId, err: message, gaveUp },
      "status callback failed",
    );
    throw permanent ? error : new Error(message);
  } finally {
    // One agent per try (its lookup is pinned to this callback's addresses): nothing reuses it.
    await agent?.destroy();
  }
  await recordCallbackAttempt(deps.db, id, { delivered: true });
  deps.logger.info(
    { callbackId: id, messageId: callback.messageId, status: callback.status },
    "status callback delivered",
  );
  return { outcome: "delivered" };
}
