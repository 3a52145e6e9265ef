import { setTimeout as sleep } from "node:timers/promises";
import { SIGNATURE_HEADER, signPayload } from "@dispatcher/core";
import type { FastifyBaseLogger } from "fastify";
import type { MockProviderState, ReceivedRecord } from "./mock-provider-state.js";

/** Where the mock provider sends delivery receipts, and the secret it signs them with. */
export interface ReceiptTarget {
  url: string;
  secret: string;
}

/** How many times a receipt is tried (a receiver that is down gets it again 1 s later). */
const RECEIPT_TRIES = 3;
/** How long one receipt POST may take. */
const RECEIPT_TIMEOUT_MS = 5_000;

/**
 * Sends the delivery receipts of one accepted message as the switches say (see Switches: delay,
 * failure share, duplicates, out of order), signed with `x-signature` like a real provider's
 * webhook, each tried up to RECEIPT_TRIES times. Counts each receipt sent or failed. Resolves when
 * all are sent or given up; stops early when `closing` aborts.
 */
export async function sendReceipts(
  deps: {
    target: ReceiptTarget;
    state: MockProviderState;
    random: () => number;
    log: FastifyBaseLogger;
    closing: AbortSignal;
  },
  record: ReceivedRecord,
): Promise<void> {
  const { switches } = deps.state;
  if (switches.receiptDelayMs > 0) await sleep(switches.receiptDelayMs, undefined, { signal: deps.closing });
  const at = new Date();
  const failed = deps.random() < switches.receiptFailRate;
  const receipt = {
    messageId: record.messageId,
    status: failed ? "undelivered" : "delivered",
    at: at.toISOString(),
    ...(failed ? { errorCode: "30003" } : {}),
    reference: record.idempotencyKey,
  };
  const bodies = Array.from({ length: 1 + switches.receiptDuplicates }, () => JSON.stringify(receipt));
  if (switches.receiptOutOfOrder) {
    bodies.push(
      JSON.stringify({
        ...receipt,
        status: "failed",
        errorCode: "30008",
        at: new Date(at.getTime() - 60_000).toISOString(),
      }),
    );
  }
  for (const body of bodies) {
    deps.state.countReceipt(await post(deps, body));
  }
}

async function post(deps: Parameters<typeof sendReceipts>[0], body: string): Promise<boolean> {
  for (let attempt = 1; attempt <= RECEIPT_TRIES && !deps.closing.aborted; attempt++) {
    try {
      const res = await fetch(deps.target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signPayload(deps.target.secret, body),
        },
        body,
        signal: AbortSignal.any([deps.closing, AbortSignal.timeout(RECEIPT_TIMEOUT_MS)]),
      });
      await res.body?.cancel();
      if (res.ok) return true;
      deps.log.warn({ status: res.status, attempt }, "delivery receipt refused");
      if (res.status < 500) return false;
    } catch (error) {
      deps.log.warn({ err: error, attempt }, "delivery receipt not delivered");
    }
    if (attempt < RECEIPT_TRIES) await sleep(1_000, undefined, { signal: deps.closing }).catch(() => {});
  }
  return false;
}
