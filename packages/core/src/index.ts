/**
 * @dispatcher/core: the dispatcher's vocabulary, its rules and its limits, with no dependency on
 * Postgres, Redis or HTTP. Every other package speaks these words:
 *
 * - **message**: one SMS to send, `{to, content}`, stored as a row of `messages`. Its
 *   `messageId` is that row's id, everywhere inside the code (jobs, logs, repositories).
 * - **provider message id** (`providerMessageId`): the id the provider gave a sent message. Two
 *   outside formats call it `messageId` and are mapped at their edge: the public API (whose
 *   `id` is the message's), in the API's DTOs, and the sent cache's stored JSON, in sent-cache.ts.
 * - **desired state**: what the operator asked for, stored in Postgres (`dispatcher_state`):
 *   running or stopped, and the pace. Redis is brought to it (converged); it never decides it.
 * - **lane** (a message's `priority`): a row of the lanes table with its own pace and its own
 *   oldest-first order; every deployment has `transactional` and `bulk` (the default), and
 *   LANES adds more (see Lane).
 * - **pace**: `batchSize` messages every `intervalMs`, oldest first, per lane (see PACE_LIMITS).
 * - **tick**: one run of the dispatch-tick job, made by the job scheduler every the greatest
 *   common divisor of the lane intervals. Each lane whose turn it is claims a batch.
 * - **claim**: a tick moving up to a lane's `batchSize` of its oldest due `pending` messages to
 *   `queued` in one statement, then enqueuing one send job for each.
 * - **send job**: the BullMQ job (`msg-<messageId>`, see sendJobId) that POSTs one message.
 * - **attempt**: one POST of a message to the provider. Attempts are counted on the row, so the
 *   bound holds even when a job is re-created; every attempt carries the message's
 *   Idempotency-Key.
 * - **provider**: a named SMS API account (see ProviderEntry), spoken to by its adapter kind; there
 *   may be any number. A message may move between them only while every attempt it made was
 *   definitely refused, never once one may have been accepted.
 * - **orphan**: a claimed message whose send job is gone; a later tick's sweep enqueues it again.
 * - **status callback**: one POST telling a message's `callbackUrl` of a change of its delivery
 *   status, as a Standard Webhooks event (see CallbackEvent); its `webhook-id` is the same on
 *   every try. Its host is resolved by a **callback host resolver** (bounded DNS, see
 *   createCallbackResolver).
 */
export {
  CALLBACK_EVENT_TYPES,
  type CallbackEvent,
  type CallbackEventType,
  callbackEvent,
} from "./callback-events.js";
export {
  CallbackHostError,
  type CallbackHostErrorKind,
  type CallbackHostResolver,
  type CallbackResolverOptions,
  createCallbackResolver,
  isCallbackHostError,
  type ResolvedAddress,
} from "./callback-host-resolver.js";
export {
  callbackHost,
  checkCallbackUrl,
  isPrivateAddress,
  malformedCallbackUrl,
  privateAddressRefusal,
} from "./callback-url.js";
export {
  BUILT_IN_KEYWORDS,
  foldKeyword,
  type InboundAction,
  type InboundKeywords,
  readInboundAction,
  withKeywords,
} from "./inbound-keywords.js";
export { BUILT_IN_LANES, DEFAULT_LANE, LANE_NAME_PATTERN, type Lane } from "./lanes.js";
export { DEFAULT_MESSAGE_MAX_LENGTH, PACE_LIMITS, SCHEDULE_LIMITS } from "./limits.js";
export { maskNumber } from "./mask-number.js";
export {
  countryOfNumber,
  isCountryCode,
  type MessageInputError,
  readRfc3339,
  readSchedule,
  type Schedule,
  type ScheduleInput,
  validateMessageInput,
  validateRecipient,
} from "./message-rules.js";
export { fromMicros, isMoney, MONEY_DECIMALS, normalMoney, toMicros } from "./money.js";
export { OPT_OUT_SOURCES, type OptOutSource, RECIPIENT_OPT_OUT_SOURCES } from "./opt-out-sources.js";
export {
  ALLOW_EVERY_COUNTRY,
  COUNTRY_ACTIONS,
  type CountryAction,
  type CountryRules,
  judgeRecipient,
  type KeyQuota,
  NO_LIMITS,
  NUMBER_ACTIONS,
  type NumberAction,
  type NumberRule,
  type ProtectionLimits,
  type RecipientCaps,
  type RecipientVerdict,
  type Refusal,
} from "./protection.js";
export {
  DEFAULT_PROVIDER_NAME,
  DEFAULT_PROVIDER_ROUTING,
  PROVIDER_NAME_PATTERN,
  PROVIDER_ROUTING_LIMITS,
  type ProviderEntry,
  type ProviderRouting,
} from "./providers.js";
export * from "./queues.js";
export { recipientHash } from "./recipient-hash.js";
export { maskNumbersIn, SCRUBBED_CONTENT_MIN_LENGTH, scrubMessageText } from "./scrub-text.js";
export { Secret } from "./secret.js";
export { countSegments, type SegmentCount } from "./segments.js";
export { SIGNATURE_HEADER, type SignatureCheck, signPayload, verifySignature } from "./signatures.js";
export {
  type DeliveryStatus,
  ERASABLE_STATUSES,
  MESSAGE_STATUSES,
  type MessageStatus,
  RECEIPT_STATUSES,
  type ReceiptStatus,
  UNFINISHED_STATUSES,
} from "./statuses.js";
