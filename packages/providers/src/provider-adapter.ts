import type { LookupFunction } from "node:net";
import type { ReceiptStatus } from "@dispatcher/core";
import type { TSchema } from "typebox";

/** One message as an adapter sends it: what every provider's request is built from. */
export interface OutgoingMessage {
  /** The message's id in Postgres (for logs only; providers never see it). */
  messageId: number;
  /** E.164. */
  to: string;
  content: string;
  /**
   * The message's idempotency key, the same on every attempt: the `Idempotency-Key` where the
   * provider takes one, else carried where the provider echoes it back (a receipt URL's query, a
   * context field), so receipts and reconciliation find the message.
   */
  reference: string;
  /** When it must no longer be sent (null: never): mapped onto the provider's validity period. */
  expiresAt: Date | null;
}

/**
 * How one request to a provider ended, as its adapter reads the provider's answer:
 * - `accepted`: the provider took the message (`providerMessageId` null when it gave none);
 * - `refused`: it certainly did not take it (no connection was made, or an answer the provider
 *   documents as "not taken"); `retryable` says whether trying it again there may work,
 *   `elsewhere` that another provider may take it (the refusal is this account's: its
 *   credentials, its permissions, a destination it is not enabled for), and `accountFault` that
 *   the account refuses everything now (bad credentials), which counts against its breaker;
 * - `rate-limited`: not taken because of the provider's rate limit; `retryAfterMs` is its ask;
 * - `invalid-recipient`: not taken, and never will be for this number (`optedOut`: the
 *   recipient opted out at the provider, so the number joins the suppression list);
 * - `possibly-accepted`: no clear answer (a timeout, a dropped connection, a 5xx): the provider
 *   may have taken it, so the message stays bound to this provider;
 * - `not-sent`: nothing left this process (the provider's name did not resolve within its
 *   bound): says nothing of the provider's health.
 * `status` is the HTTP status of the answer, when there was one.
 */
export type SendOutcome =
  | {
      outcome: "accepted";
      providerMessageId: string | null;
      status?: number;
      /** The SMS segments the provider says it counted, where its answer says (settles the message's cost). */
      segments?: number;
    }
  | {
      outcome: "refused";
      reason: string;
      retryable: boolean;
      elsewhere?: boolean;
      accountFault?: boolean;
      status?: number;
      retryAfterMs?: number;
    }
  | { outcome: "rate-limited"; reason: string; status?: number; retryAfterMs?: number }
  | {
      outcome: "invalid-recipient";
      reason: string;
      optedOut: boolean;
      status?: number;
      /** The provider's error code for it, when its answer gave one (Twilio's 21610, AWS's reason code). */
      code?: string;
    }
  | { outcome: "possibly-accepted"; reason: string; status?: number; retryAfterMs?: number }
  | { outcome: "not-sent"; reason: string };

/** Every outcome that is not `accepted`. */
export type FailedSend = Exclude<SendOutcome, { outcome: "accepted" }>;

/** A message found again at the provider (see ProviderAdapter.findSent). */
export interface FoundMessage {
  providerMessageId: string;
}

/** One configured provider's client, built by its adapter kind from the provider's settings. */
export interface ProviderAdapter {
  /**
   * Whether the provider deduplicates requests by `reference` (an `Idempotency-Key`): sending a
   * message again after a possibly-accepted attempt then cannot deliver it twice.
   */
  readonly deduplicates: boolean;
  /** Sends one message. Resolves with the outcome for every answer (and for no answer); never rejects. */
  send: (message: OutgoingMessage) => Promise<SendOutcome>;
  /**
   * Looks for `message` among what the provider took since `since`, so an attempt after a
   * possibly-accepted one records the earlier acceptance instead of sending again. Absent when
   * the provider offers no way to find a message. Rejects when the provider cannot be asked.
   */
  findSent?: (message: OutgoingMessage, since: Date) => Promise<FoundMessage | undefined>;
  close: () => Promise<void>;
}

/** What every adapter is given besides its own settings. */
export interface AdapterContext {
  /** The provider's configured name (for error texts). */
  name: string;
  /** PROVIDER_TIMEOUT_MS: one request's whole time, in ms. */
  timeoutMs: number;
  /** Most open connections to the provider (kept alive between sends). */
  maxSockets: number;
  /** Name resolution for the provider's host, bounded in time (see createBoundedLookup). */
  lookup: LookupFunction;
}

/** A provider's callback (a delivery receipt, or an inbound message), as the API received it. */
export interface ReceiptRequest {
  /** The URL the provider called, as the provider saw it (the configured public URL and the query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes as received. */
  rawBody: Buffer;
}

/** A delivery receipt read from a provider's callback. */
export interface ReadReceipt {
  providerMessageId: string;
  /** The message's `reference`, when the provider echoed it. */
  reference: string | null;
  status: ReceiptStatus;
  /** When the status came about, by the provider's clock (the receipt's arrival when it gives none). */
  at: Date;
  errorCode: string | null;
}

/**
 * What a receipt callback says: `unauthenticated` (its signature does not verify: 401),
 * `invalid` (signed, but not a receipt this adapter can read: 400), `ignored` (a status that is
 * not final, such as Twilio's `sent`: 200 and nothing stored) or a `receipt`.
 */
export type ReceiptReading =
  | { verdict: "unauthenticated"; reason: string }
  | { verdict: "invalid"; reason: string }
  | { verdict: "ignored"; reason: string }
  | { verdict: "receipt"; receipt: ReadReceipt };

/** A message a recipient sent (a reply), as read from the provider's callback. */
export interface InboundMessage {
  /** Who sent it, as the provider gives it (E.164 for a phone; the API refuses anything else). */
  from: string;
  /** The number it was sent to, when the provider says. */
  to: string | null;
  /** Its text as sent (empty for a message with only media). */
  text: string;
  /** The provider's id of it, when it gave one. */
  providerMessageId: string | null;
}

/**
 * What an inbound-message callback says: `unauthenticated` (its signature does not verify: 401,
 * nothing read), `invalid` (signed, but not a message this adapter can read: 400, naming `field`)
 * or a `message`, with the 200 answer the provider expects once it is taken (Twilio: TwiML).
 * The API checks the message's sender and text itself (see validateInbound).
 */
export type InboundReading =
  | { verdict: "unauthenticated"; reason: string }
  | { verdict: "invalid"; field: string; reason: string }
  | {
      verdict: "message";
      message: InboundMessage;
      /** What the provider calls the sender and the text, for errors about them. */
      fields: { from: string; text: string };
      answer: { contentType: string; body: string };
    };

/**
 * An adapter kind: everything one provider API decides. `settings` is the JSON schema of the
 * kind's own fields in a PROVIDERS entry (credentials are `SecretSchema` fields); `create` builds
 * a provider's client from settings that passed it; `readReceipt`, where the provider sends
 * delivery receipts, authenticates and reads one; `readInbound`, where the provider forwards the
 * messages recipients send (their STOP, START, HELP), authenticates and reads one of those.
 */
export interface AdapterKind<Settings = Record<string, unknown>> {
  kind: string;
  settings: TSchema;
  create: (settings: Settings, context: AdapterContext) => ProviderAdapter;
  readReceipt?: (settings: Settings, request: ReceiptRequest) => Promise<ReceiptReading>;
  readInbound?: (settings: Settings, request: ReceiptRequest) => Promise<InboundReading>;
}
