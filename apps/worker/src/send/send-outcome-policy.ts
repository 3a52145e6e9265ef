import type { FailedSend } from "@dispatcher/providers";
import type { ProviderFailure } from "./retry-policy.js";

/** What a provider promises about sending a message again after an unclear answer, and where else it may go. */
export interface ResendSafety {
  /** It deduplicates by the message's key (see ProviderAdapter.deduplicates). */
  deduplicates: boolean;
  /** It lets a message be found again (ProviderAdapter.findSent), so a resend can check first. */
  findable: boolean;
  /** Its operator chose at-least-once (ProviderEntry.atLeastOnce). */
  atLeastOnce: boolean;
  /** Another provider sends to the recipient's country: a refusal of this account may go there. */
  reachableElsewhere?: boolean;
}

/** What one failed attempt means, decided without I/O (see readFailedSend). */
export interface FailedSendMeaning {
  /** For the retry policy (decide). */
  failure: ProviderFailure;
  /** For the provider's breaker: `failed` (no answer, 5xx), `ok` (it answered), none (says nothing of it). */
  breaker: "ok" | "failed" | undefined;
  /** Nothing reached the provider, or it certainly did not take it: the next attempt may go elsewhere. */
  refused: boolean;
  /**
   * Whether another attempt may follow at all: false only after an unclear answer from a provider
   * that neither deduplicates nor lets the message be found, without at-least-once. Such a
   * message ends `unconfirmed`.
   */
  resendable: boolean;
}

/**
 * How a failed attempt is handled, by its outcome:
 *
 * | outcome | retry policy | breaker | frees the message | another attempt |
 * |---|---|---|---|---|
 * | refused (an answer) | retryable or permanent, as the adapter says | ok | yes | yes |
 * | refused by this account, another provider reaching the number | retryable (elsewhere) | ok | yes | yes |
 * | refused, the account refusing everything (its credentials) | as above | failed | yes | yes |
 * | refused (no connection) | retryable | failed | yes | yes |
 * | rate-limited | rate-limited (the 429 pause) | none | yes | yes |
 * | invalid-recipient | permanent | ok | yes | no |
 * | possibly-accepted | retryable | failed | no | only if resending is safe |
 * | not-sent (name did not resolve) | retryable | none | yes | yes |
 */
export function readFailedSend(outcome: FailedSend, safety: ResendSafety): FailedSendMeaning {
  const retryAfterMs = "retryAfterMs" in outcome ? outcome.retryAfterMs : undefined;
  const failure = (kind: ProviderFailure["kind"]): ProviderFailure => ({
    message: outcome.reason,
    kind,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
  switch (outcome.outcome) {
    case "refused": {
      const elsewhere = outcome.elsewhere === true && safety.reachableElsewhere === true;
      return {
        failure: failure(outcome.retryable || elsewhere ? "retryable" : "permanent"),
        breaker: outcome.accountFault || outcome.status === undefined ? "failed" : "ok",
        refused: true,
        resendable: true,
      };
    }
    case "rate-limited":
      return { failure: failure("rate-limited"), breaker: undefined, refused: true, resendable: true };
    case "invalid-recipient":
      return { failure: failure("permanent"), breaker: "ok", refused: true, resendable: true };
    case "possibly-accepted":
      return {
        failure: failure("retryable"),
        breaker: "failed",
        refused: false,
        resendable: safety.deduplicates || safety.findable || safety.atLeastOnce,
      };
    case "not-sent":
      return { failure: failure("retryable"), breaker: undefined, refused: true, resendable: true };
  }
}
