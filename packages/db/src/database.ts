import type {
  CountryAction,
  DeliveryStatus,
  MessageStatus,
  NumberAction,
  OptOutSource,
  ProtectionLimits,
  ReceiptStatus,
} from "@dispatcher/core";
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from "kysely";

/** Timestamps are written as Date or SQL `now()` and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MessagesTable {
  id: Generated<number>;
  /** E.164, e.g. +905551111111; null once erased (see `erasedAt`). */
  recipient: ColumnType<string | null, string, never>;
  /** Null once erased (see `erasedAt`). */
  content: ColumnType<string | null, string, never>;
  /**
   * HMAC-SHA256 (hex) of `recipient` with RECIPIENT_HASH_KEY, as intake stored it: finds a number's
   * messages before and after erasure. Null for a row stored other than by intake.
   */
  recipientHash: ColumnType<string | null, string | null | undefined, never>;
  /**
   * When its recipient and content were erased (a final message past its retention: see
   * eraseExpiredContent); null while they are kept.
   */
  erasedAt: ColumnType<Date | null, never, never>;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  /**
   * Attempts started in the current round (each `queued|sending → sending` transition); a manual
   * retry starts a new round at 0.
   */
  attempts: ColumnType<number, number | undefined, number>;
  /** Of `attempts`, those the provider answered 429: they do not count against SEND_ATTEMPTS. */
  rateLimited: ColumnType<number, number | undefined, number>;
  /** The latest error, at most ERROR_TEXT_MAX_LENGTH characters, control characters escaped. */
  lastError: string | null;
  /** The latest attempts' errors, oldest first (at most ATTEMPT_ERRORS_KEPT), across rounds. */
  attemptErrors: ColumnType<AttemptError[], string | undefined, string>;
  providerMessageId: string | null;
  /**
   * The provider (its name, see ProviderEntry) of the latest attempt, written before its request;
   * once sent, the one that accepted it. Null: not attempted yet.
   */
  provider: ColumnType<string | null, never, string>;
  /**
   * The attempt (of this round) a provider definitely refused, so the next may go elsewhere; 0 on
   * a message not yet attempted; null when no attempt of a retried round's history may move it.
   * Any other attempt binds the message to its provider.
   */
  providerRefusedAttempt: ColumnType<number | null, never, number | null>;
  /**
   * Whether the current attempt was free to go to any provider: every earlier attempt was
   * definitely refused. Once false, false for good (see startSending).
   */
  providerFree: ColumnType<boolean, never, boolean>;
  /** How intake counted it (see countSegments); null for a row inserted other than by intake (a bulk load). */
  encoding: ColumnType<"GSM-7" | "UCS-2" | null, "GSM-7" | "UCS-2" | null | undefined, never>;
  /**
   * SMS segments it takes, as intake counted them, and once sent as its provider counted them where
   * the answer says (Twilio's num_segments; see markSent); null as for `encoding` (it then counts as 1).
   */
  segments: ColumnType<number | null, number | null | undefined, never>;
  /** Not claimed before this time (null: at once); among due messages, order is by due time. */
  sendAt: ColumnType<Date | null, Date | null | undefined, never>;
  /** Unsent by this time, the message ends `expired` and is never sent (null: never). */
  expiresAt: ColumnType<Date | null, Date | null | undefined, never>;
  /** Its lane's name (a row of `lanes`): each lane has its own pace and oldest-first order. */
  priority: ColumnType<string, string | undefined, never>;
  /** Where its delivery status changes are POSTed (see callback-repository.ts); null: nowhere. */
  callbackUrl: ColumnType<string | null, string | null | undefined, never>;
  /** The W3C traceparent of the request that stored it (null with tracing off): see claimSpan. */
  traceContext: ColumnType<string | null, string | null | undefined, never>;
  /** Sent as the provider's Idempotency-Key on every attempt of this message. */
  idempotencyKey: Generated<string>;
  /** What delivery receipts said (see receipt-repository.ts); null until one came or it timed out. */
  deliveryStatus: ColumnType<DeliveryStatus | null, never, DeliveryStatus>;
  /** The provider's time of the receipt that set `deliveryStatus` (null for `unknown`). */
  deliveryStatusAt: ColumnType<Date | null, never, Date | string>;
  /** When the provider said it reached the phone. */
  deliveredAt: ColumnType<Date | null, never, Date | string>;
  /** The name of the API key that stored it (`anonymous` without keys); null for rows stored before spend limits. */
  apiKey: ColumnType<string | null, string | null | undefined, never>;
  /** The recipient's ISO country code, as intake read it (null: a number of no country). */
  country: ColumnType<string | null, string | null | undefined, never>;
  /**
   * What intake reserved for it, a decimal string (segments × the highest price among the
   * providers that may take it); null: unpriced, it counts against no spend.
   */
  estimatedCost: ColumnType<string | null, string | null | undefined, never>;
  /** What it cost once sent, a decimal string (set by the spend trigger: see 0005-spend); null before. */
  cost: ColumnType<string | null, never, never>;
  createdAt: Generated<Date>;
  queuedAt: Timestamp | null;
  sentAt: Timestamp | null;
  updatedAt: Generated<Date>;
}

/** One failed attempt, as kept in `attempt_errors`. */
export interface AttemptError {
  /** The attempt's number within its round (1-based). */
  attempt: number;
  /** ISO-8601 time the error was recorded. */
  at: string;
  error: string;
}

export interface DispatcherStateTable {
  /** Always 1: the table holds one row. */
  id: ColumnType<number, 1 | undefined, never>;
  running: boolean;
  /** Most characters a message's content may have; intake and every worker enforce it. */
  messageMaxLength: number;
  /** Bumped by every stored change, lanes' paces included; convergence re-applies until Redis matches the latest. */
  version: ColumnType<number, number | undefined, number>;
  /** The last operator start or stop: a provider pause set before it is cleared. */
  providerPauseClearedAt: Timestamp | null;
  /** Who made it (an API key's name): the audit of a pause it clears names them. */
  providerPauseClearedBy: string | null;
  /** How long a sent message waits for a receipt before it is unknown; null: receipts off (see ReceiptPolicy). */
  receiptTimeoutMs: ColumnType<number | null, number | null | undefined, number | null>;
  /** The providers whose messages wait for receipts; null: every provider's. */
  receiptProviders: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  updatedAt: Generated<Date>;
  updatedBy: string;
}

/** A lane (see Lane in @dispatcher/core): its pace, its place in the send queue, and its turn. */
export interface LanesTable {
  name: string;
  intervalMs: number;
  batchSize: number;
  /** Its send jobs go to the head of the send queue. */
  ahead: ColumnType<boolean, boolean | undefined, boolean>;
  /** It sends on arrival, within its budget (see claimArrivals); ticks take no turn of it. */
  arrival: ColumnType<boolean, boolean | undefined, boolean>;
  /** When a tick last took its turn (see claimTick); null before the first. */
  lastTickAt: Timestamp | null;
  /** An arrival lane's budget: the tokens it held at `tokensAt` (see claimArrivals); null: full. */
  tokens: ColumnType<number | null, number | null | undefined, number | null>;
  tokensAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  updatedAt: Generated<Date>;
  updatedBy: ColumnType<string, string | undefined, string>;
}

export type DispatcherEventKind =
  | "start"
  | "stop"
  | "config"
  | "provider-pause-cleared"
  | "cancel"
  | "retry"
  | "provider"
  | "protection"
  | "opt-out"
  | "help"
  | "spend";

export interface DispatcherEventsTable {
  id: Generated<number>;
  kind: DispatcherEventKind;
  /** Who caused it: an API key's name, or `system`. */
  actor: string;
  details: ColumnType<Record<string, unknown>, string, never>;
  createdAt: Generated<Date>;
}

/** An intake request's Idempotency-Key (see insertMessagesOnce). */
export interface IntakeKeysTable {
  /** Whose key it is: the API key's name (`anonymous` when the API runs without keys). */
  scope: string;
  /** The client's Idempotency-Key, 1..255 characters. */
  key: string;
  /** SHA-256 of the request as the API read it: the same key with another request is refused. */
  requestHash: string;
  /** The messages the request stored, in the order it gave them. */
  messageIds: ColumnType<number[], string | undefined, string>;
  createdAt: Generated<Date>;
  /** When the key is forgotten: a request with it afterwards is a new request. */
  expiresAt: Timestamp;
}

/** A number no message may be sent to (see opt-out-repository.ts). */
export interface OptOutsTable {
  /** E.164, as messages store it. */
  recipient: string;
  /** Why: the operator's words, the provider's answer, or the keyword's. */
  reason: string;
  /** Who put it there (see OPT_OUT_SOURCES). */
  source: OptOutSource;
  /** The keyword of a `keyword` entry (folded), or a `provider` entry's error code when its answer gave one; else null. */
  detail: ColumnType<string | null, string | null | undefined, string | null>;
  /** The API key's name, `provider`, or `recipient` (a keyword). */
  actor: string;
  createdAt: Generated<Date>;
}

/** A provider's delivery receipt, as received (see receipt-repository.ts). */
export interface DeliveryReceiptsTable {
  id: Generated<number>;
  /** The provider's id of the message it is about. */
  providerMessageId: string;
  /** The Idempotency-Key the message was sent with, when the provider echoes it. */
  reference: string | null;
  /** The provider it came from, when its endpoint names one: it applies to that provider's messages only. */
  provider: ColumnType<string | null, string | null | undefined, never>;
  status: ReceiptStatus;
  /** The provider's time of the status. */
  at: Timestamp;
  errorCode: string | null;
  receivedAt: Generated<Date>;
  /** The message it was matched to, once it was. */
  messageId: number | null;
  /** When it was applied to its message (null: waiting for the message to be recorded sent). */
  appliedAt: Timestamp | null;
  /** How many times it was matched against the messages and found none recorded sent. */
  probes: Generated<number>;
  /** When the receipt sweep looks for its message again. */
  nextProbeAt: Generated<Date>;
}

/** A status callback owed to a message's callbackUrl (see callback-repository.ts). */
export interface StatusCallbacksTable {
  id: Generated<number>;
  messageId: number;
  /** The delivery status it reports. */
  status: DeliveryStatus;
  /** When the status came about (the receipt's time, or when it turned unknown). */
  at: Timestamp;
  createdAt: Generated<Date>;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  deliveredAt: Timestamp | null;
  /** Set when its retries ran out: later callbacks of the message no longer wait for it. */
  gaveUpAt: Timestamp | null;
}

/** A provider's routing as stored (see ProviderRouting in @dispatcher/core); credentials are never here. */
export interface ProvidersTable {
  name: string;
  /** Its adapter kind, as the process that last started with it configured it. */
  kind: string;
  countries: ColumnType<string[], string[] | undefined, string[]>;
  weight: ColumnType<number, number | undefined, number>;
  /** Segments per second across every worker; 0 = no limit. */
  maxPerSecond: ColumnType<number, number | undefined, number>;
  burst: ColumnType<number, number | undefined, number>;
  updatedAt: Generated<Date>;
  /** Who made the last change: an API key's name, or `system` for the seed. */
  updatedBy: ColumnType<string, string | undefined, string>;
}

/** The pumping guard's settings (one row; see protection-repository.ts). */
export interface ProtectionTable {
  id: ColumnType<number, 1 | undefined, never>;
  /** The action for a country without a rule of its own (and numbers of no country). */
  defaultCountryAction: ColumnType<CountryAction, CountryAction | undefined, CountryAction>;
  /** ProtectionLimits as stored; fields it lacks are read as NO_LIMITS has them. */
  limits: ColumnType<Partial<ProtectionLimits>, string | undefined, string>;
  updatedAt: Generated<Date>;
  updatedBy: ColumnType<string, string | undefined, string>;
}

/** A country's rule (see judgeRecipient). */
export interface CountryRulesTable {
  /** ISO 3166-1 alpha-2. */
  country: string;
  action: CountryAction;
  updatedAt: Generated<Date>;
  updatedBy: string;
}

/** One number's rule, over its country's (see judgeRecipient). */
export interface NumberRulesTable {
  /** E.164. */
  number: string;
  action: NumberAction;
  /** In force until then; null: until removed. */
  until: Timestamp | null;
  reason: string | null;
  createdAt: Generated<Date>;
  createdBy: string;
}

/** A provider's price per segment to a country (`*`: every other country), a decimal string. */
export interface SpendPricesTable {
  provider: string;
  country: string;
  price: ColumnType<string, string, string>;
}

/** A scope's spend limits (`*`: the total, else an API key's name), decimal strings; null: none. */
export interface SpendLimitsTable {
  scope: string;
  perDay: ColumnType<string | null, string | null | undefined, string | null>;
  perMonth: ColumnType<string | null, string | null | undefined, string | null>;
  updatedAt: Generated<Date>;
  updatedBy: string;
}

/** What a scope spent and holds reserved in one UTC day or month (written by the spend trigger). */
export interface SpendLedgerTable {
  scope: string;
  period: "day" | "month";
  /** The period's first day (a `date`: select it as text, `YYYY-MM-DD`). */
  starts: ColumnType<Date, never, never>;
  reserved: ColumnType<string, never, never>;
  spent: ColumnType<string, never, never>;
  /** The highest threshold (0, 80, 100) announced for this period. */
  alerted: ColumnType<number, never, number>;
}

/** One row: how many changes to the control tables have committed (see readIntakeHead). */
export interface ControlVersionTable {
  id: Generated<number>;
  version: Generated<number>;
}

export interface Database {
  messages: MessagesTable;
  dispatcherState: DispatcherStateTable;
  dispatcherEvents: DispatcherEventsTable;
  intakeKeys: IntakeKeysTable;
  optOuts: OptOutsTable;
  deliveryReceipts: DeliveryReceiptsTable;
  statusCallbacks: StatusCallbacksTable;
  providers: ProvidersTable;
  lanes: LanesTable;
  protection: ProtectionTable;
  countryRules: CountryRulesTable;
  numberRules: NumberRulesTable;
  spendPrices: SpendPricesTable;
  spendLimits: SpendLimitsTable;
  spendLedger: SpendLedgerTable;
  controlVersion: ControlVersionTable;
}

export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type MessageUpdate = Updateable<MessagesTable>;
export type DispatcherState = Selectable<DispatcherStateTable>;
export type DispatcherEvent = Selectable<DispatcherEventsTable>;
export type OptOut = Selectable<OptOutsTable>;
export type DeliveryReceipt = Selectable<DeliveryReceiptsTable>;
export type StoredProvider = Selectable<ProvidersTable>;
export type StoredLane = Selectable<LanesTable>;
export type StoredNumberRule = Selectable<NumberRulesTable>;

/** A connection pool to the dispatcher's database (see createDb): what every repository function takes. */
export type Db = Kysely<Database>;
