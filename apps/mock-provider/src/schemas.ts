// Every request and answer body of the mock provider, as JSON Schema: what its routes validate
// and serialise. Client errors name the offending field (see build-mock-provider.ts).

/** The JSON body of every non-2xx answer: a human-readable reason that names the offending field. */
export interface ErrorBody {
  error: string;
}

export const errorBodySchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "string" } },
} as const;

/** An HTTP error status, or 0 for "off". */
const failStatusSchema = {
  anyOf: [
    { type: "integer", const: 0 },
    { type: "integer", minimum: 400, maximum: 599 },
  ],
} as const;

/**
 * Every switch with its bounds. The env loader in `@dispatcher/config` (`loadMockProviderConfig`) applies
 * the same bounds to the starting values.
 */
const switchesProperties = {
  latencyMs: { type: "integer", minimum: 0, maximum: 600_000 },
  failStatus: failStatusSchema,
  failRate: { type: "number", minimum: 0, maximum: 1 },
  retryAfterSeconds: { type: "integer", minimum: 0, maximum: 86_400 },
  failNext: { type: "integer", minimum: 0, maximum: 1_000_000 },
  failRecipients: {
    type: "object",
    propertyNames: { minLength: 1 },
    additionalProperties: { type: "integer", minimum: 400, maximum: 599 },
    maxProperties: 10_000,
  },
  retryAfter: { type: ["string", "null"], maxLength: 1_000 },
  acceptBody: { type: ["string", "null"], maxLength: 1_000_000 },
  errorBody: { type: ["string", "null"], maxLength: 1_000_000 },
  receiptDelayMs: { type: "integer", minimum: 0, maximum: 600_000 },
  receiptFailRate: { type: "number", minimum: 0, maximum: 1 },
  receiptDuplicates: { type: "integer", minimum: 0, maximum: 10 },
  receiptOutOfOrder: { type: "boolean" },
  receiptBeforeAnswer: { type: "boolean" },
  dropRate: { type: "number", minimum: 0, maximum: 1 },
  failAfterAcceptRate: { type: "number", minimum: 0, maximum: 1 },
} as const;

/** `PUT /control`: any subset of the switches, within their bounds. */
export const switchesPatchSchema = {
  type: "object",
  additionalProperties: false,
  properties: switchesProperties,
} as const;

/** The switches as `GET /control` and `PUT /control` answer them. */
export const switchesSchema = {
  type: "object",
  required: [
    "latencyMs",
    "failStatus",
    "failRate",
    "retryAfterSeconds",
    "failNext",
    "failRecipients",
    "retryAfter",
    "acceptBody",
    "errorBody",
    "receiptDelayMs",
    "receiptFailRate",
    "receiptDuplicates",
    "receiptOutOfOrder",
    "receiptBeforeAnswer",
    "dropRate",
    "failAfterAcceptRate",
  ],
  properties: {
    latencyMs: { type: "integer" },
    failStatus: { type: "integer" },
    failRate: { type: "number" },
    retryAfterSeconds: { type: "integer" },
    failNext: { type: "integer" },
    failRecipients: { type: "object", additionalProperties: { type: "integer" } },
    retryAfter: { type: ["string", "null"] },
    acceptBody: { type: ["string", "null"] },
    errorBody: { type: ["string", "null"] },
    receiptDelayMs: { type: "integer" },
    receiptFailRate: { type: "number" },
    receiptDuplicates: { type: "integer" },
    receiptOutOfOrder: { type: "boolean" },
    receiptBeforeAnswer: { type: "boolean" },
    dropRate: { type: "number" },
    failAfterAcceptRate: { type: "number" },
  },
} as const;

/** `GET /health`. */
export const healthSchema = {
  type: "object",
  required: ["status"],
  properties: { status: { type: "string", enum: ["up"] } },
} as const;

/** The provider contract's request body. */
export const messageBodySchema = {
  type: "object",
  required: ["to", "content"],
  properties: {
    to: { type: "string", minLength: 1 },
    content: { type: "string", minLength: 1 },
  },
} as const;

export const idempotencyHeadersSchema = {
  type: "object",
  properties: { "idempotency-key": { type: "string", minLength: 1, maxLength: 255 } },
} as const;

/** The provider contract's success body, answered with 202. */
export const acceptedBodySchema = {
  type: "object",
  required: ["message", "messageId"],
  properties: { message: { type: "string" }, messageId: { type: "string" } },
} as const;

export const receivedRecordSchema = {
  type: "object",
  required: [
    "idempotencyKey",
    "to",
    "content",
    "messageId",
    "firstReceivedAt",
    "lastReceivedAt",
    "requests",
    "sends",
  ],
  properties: {
    idempotencyKey: { type: "string" },
    to: { type: "string" },
    content: { type: "string" },
    messageId: { type: "string" },
    firstReceivedAt: { type: "string" },
    lastReceivedAt: { type: "string" },
    requests: { type: "integer" },
    sends: { type: "integer" },
  },
} as const;

/** `GET /messages`: totals, and one record per idempotency key in arrival order. */
export const receivedListSchema = {
  type: "object",
  required: ["counters", "received"],
  properties: {
    counters: {
      type: "object",
      required: [
        "requests",
        "accepted",
        "duplicates",
        "doubleSends",
        "rejected",
        "receiptsSent",
        "receiptsFailed",
      ],
      properties: {
        requests: { type: "integer" },
        accepted: { type: "integer" },
        duplicates: { type: "integer" },
        doubleSends: { type: "integer" },
        rejected: { type: "integer" },
        receiptsSent: { type: "integer" },
        receiptsFailed: { type: "integer" },
      },
    },
    received: { type: "array", items: receivedRecordSchema },
  },
} as const;

/** `GET /requests`: every answer (its time, its request's arrival, Idempotency-Key, status), oldest first. */
export const answerLogSchema = {
  type: "object",
  required: ["answers"],
  properties: {
    answers: {
      type: "array",
      items: {
        type: "object",
        required: ["at", "receivedAt", "idempotencyKey", "status"],
        properties: {
          at: { type: "integer" },
          receivedAt: { type: "integer" },
          idempotencyKey: { type: ["string", "null"] },
          status: { type: "integer" },
        },
      },
    },
  },
} as const;
