import type { MockProviderState } from "./mock-provider-state.js";

/** A simulated failure: the status to answer and which switch caused it (for logs and the body). */
export interface SimulatedFailure {
  status: number;
  reason: "failRecipients" | "failNext" | "failRate";
}

/** Status answered for `failNext` when no `failStatus` is set. */
const FAIL_NEXT_FALLBACK_STATUS = 500;

/**
 * Whether one request to `to` must fail, checking the switches in a fixed order: `failRecipients`, then
 * `failNext` (consumed by this call), then `failStatus` × `failRate`. `random` returns a number in [0, 1);
 * it is called only when `failStatus` is set. Returns undefined when the request should be accepted.
 */
export function decideFailure(
  state: MockProviderState,
  to: string,
  random: () => number,
): SimulatedFailure | undefined {
  const switches = state.switches;
  const recipientStatus = Object.hasOwn(switches.failRecipients, to)
    ? switches.failRecipients[to]
    : undefined;
  if (recipientStatus !== undefined) return { status: recipientStatus, reason: "failRecipients" };
  if (state.takeFailNext()) {
    return { status: switches.failStatus || FAIL_NEXT_FALLBACK_STATUS, reason: "failNext" };
  }
  if (switches.failStatus !== 0 && random() < switches.failRate) {
    return { status: switches.failStatus, reason: "failRate" };
  }
  return undefined;
}
