/**
 * @dispatcher/providers: the adapters that speak each SMS provider's API. Terms:
 * - **adapter kind** (`webhook`, `twilio`, `aws-sms`): one provider API: its settings, its
 *   requests and how its answers read (AdapterKind);
 * - **adapter**: one configured provider's client, built by its kind (ProviderAdapter);
 * - **outcome**: what one request's answer means for the message (SendOutcome): accepted,
 *   refused, rate-limited, invalid-recipient, possibly-accepted or not-sent;
 * - **receipt**: the provider's later word on a sent message's delivery (ReceiptReading);
 * - **inbound message**: a message a recipient sent back through the provider (InboundReading).
 * Nothing outside this package knows which kinds exist or how any provider answers.
 */
export { ADAPTER_SETTINGS_CHECK } from "./adapter-settings-check.js";
export { ADAPTER_KINDS } from "./adapters/index.js";
export { createBoundedLookup, isNameResolutionError, NameResolutionError } from "./bounded-lookup.js";
export {
  createInboundReaders,
  createProviderAdapter,
  createReceiptReaders,
  type InboundReader,
  type ReceiptReader,
} from "./create-adapter.js";
export { madeNoRequest, parseRetryAfter } from "./http-answer.js";
export type {
  AdapterContext,
  AdapterKind,
  FailedSend,
  FoundMessage,
  InboundMessage,
  InboundReading,
  OutgoingMessage,
  ProviderAdapter,
  ReadReceipt,
  ReceiptReading,
  ReceiptRequest,
  SendOutcome,
} from "./provider-adapter.js";
export { checkSettings, HttpUrlSchema, SecretSchema } from "./provider-settings.js";
