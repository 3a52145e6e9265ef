/**
 * @dispatcher/db: Postgres through Kysely. The schema's types, the pool, and the statements the
 * apps run, as functions that take the pool (Db) first. Creating and migrating the database is
 * on the `@dispatcher/db/admin` subpath.
 */

export {
  type DueCallback,
  findOpenCallbacks,
  getDueCallback,
  markCallbackGaveUp,
  recordCallbackAttempt,
} from "./callback-repository.js";
export {
  type CancelFilter,
  cancelPending,
  cancelPendingWhere,
  findRetryable,
  type RetryFilter,
  retryFailed,
  retryFailedMany,
} from "./cancel-and-retry.js";
export { type ControlHead, type IntakeHead, readIntakeHead } from "./control-repository.js";
export { createDb } from "./create-db.js";
export type {
  AttemptError,
  Database,
  Db,
  DeliveryReceipt,
  DispatcherEvent,
  DispatcherEventKind,
  DispatcherState,
  Message,
  NewMessage,
  OptOut,
  StoredLane,
  StoredNumberRule,
  StoredProvider,
} from "./database.js";
export {
  type ArrivalClaim,
  type ClaimRoom,
  changeDispatcherState,
  claimArrivals,
  claimTick,
  type DispatcherChange,
  type DispatcherSettings,
  getDispatcherState,
  type LaneClaim,
  listDispatcherEvents,
  listLanes,
  type PaceChange,
  recordProviderPauseCleared,
  seedDispatcherState,
  type TickClaim,
  UnknownLaneError,
} from "./dispatcher-repository.js";
export { eraseFinalMessages } from "./erasure-repository.js";
export { recordHelpRequest } from "./inbound-repository.js";
export {
  findIntake,
  type IntakeKey,
  type IntakeOutcome,
  insertMessagesOnce,
  type NewIntakeKey,
  purgeExpiredIntakeKeys,
} from "./intake-repository.js";
export {
  ATTEMPT_ERRORS_KEPT,
  type ClaimedMessage,
  claimPending,
  claimPendingMessages,
  countByStatus,
  countDueByLane,
  countUnsentByStatus,
  expireDue,
  findStaleClaimed,
  getMessage,
  insertMessages,
  listMessages,
  listSent,
  type MessageToStore,
  markExpired,
  markFailed,
  markSent,
  markUnconfirmed,
  moveAttempt,
  oldestDueAgeByLane,
  type ProviderCandidates,
  recordAttemptError,
  type SendingMessage,
  type SentCursor,
  type SentRecord,
  startSending,
  storableProviderMessageId,
  touchClaimed,
  type UnsentStatus,
  undoAttempt,
} from "./message-repository.js";
export { addOptOut, getOptOut, listOptOuts, removeOptOut } from "./opt-out-repository.js";
export { pingPostgres } from "./postgres-health.js";
export {
  changeProtection,
  getProtection,
  listNumberRules,
  type Protection,
  putNumberRule,
  recordProtectionDecision,
  removeCountryRule,
  removeNumberRule,
  setCountryRule,
} from "./protection-repository.js";
export { changeProviderRouting, listProviders, routingOf, seedProviders } from "./provider-repository.js";
export {
  type AppliedReceipt,
  applyWaitingReceipts,
  getReceiptPolicy,
  listReceipts,
  markDeliveryUnknown,
  RECEIPT_PROBES,
  RECEIPT_WAIT_MS,
  type ReceiptPolicy,
  type ReceiptToStore,
  recordReceipt,
  setReceiptPolicy,
} from "./receipt-repository.js";
export {
  announceSpendThresholds,
  changeSpendLimit,
  listSpendLimits,
  listSpendPrices,
  listSpendStandings,
  RESERVING_STATUSES,
  recordSpendRefusal,
  replaceSpendPrices,
  type SpendAmounts,
  type SpendLimit,
  type SpendPrice,
  type SpendStanding,
  type SpendSummary,
  type SpendThreshold,
  spendLimitPassed,
  summarizeSpend,
  TOTAL_SCOPE,
} from "./spend-repository.js";
export { ERROR_TEXT_MAX_LENGTH, PROVIDER_MESSAGE_ID_MAX_LENGTH, storableText } from "./storable-text.js";
