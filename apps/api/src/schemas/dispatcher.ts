import { PACE_LIMITS } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";
import { ProviderSchema } from "./provider.js";

// The dispatcher's state as the API shows it, the pace a PATCH may change, and the audit trail.

export const DispatcherSchema = Type.Object(
  {
    state: Type.Union([Type.Literal("running"), Type.Literal("stopped")]),
    intervalMs: Type.Integer({ description: "The bulk lane's pace: milliseconds between its claims" }),
    batchSize: Type.Integer({ description: "The bulk lane's pace: messages claimed per interval" }),
    transactional: Type.Object(
      {
        intervalMs: Type.Integer({ description: "Milliseconds between the transactional lane's claims" }),
        batchSize: Type.Integer({ description: "Transactional messages claimed per interval" }),
      },
      {
        description:
          "The transactional lane's own pace; it never takes from the bulk lane's, nor bulk from it",
      },
    ),
    messageMaxLength: Type.Integer({ description: "Most characters a message's content may have" }),
    nextRunAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
      description:
        "When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null " +
        "when stopped (or when " +
        "Redis cannot be read)",
    }),
    providerPause: Type.Union(
      [
        Type.Object({
          remainingMs: Type.Integer({ description: "How long sending stays paused" }),
          setAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
            description: "When the provider asked for it (429); null when it was set by other means",
          }),
        }),
        Type.Null(),
      ],
      { description: "A pause of all sending that the provider asked for; start or stop clears it" },
    ),
    providers: Type.Array(ProviderSchema, {
      description:
        "The providers messages go through, their routing and breakers (see GET /api/v1/providers)",
    }),
    updatedAt: Type.String({ format: "date-time" }),
    updatedBy: Type.String({ description: "Who last changed the state: an API key's name, or system" }),
  },
  {
    examples: [
      {
        state: "running",
        intervalMs: 120000,
        batchSize: 2,
        transactional: { intervalMs: 10000, batchSize: 5 },
        messageMaxLength: 160,
        nextRunAt: "2026-11-22T10:00:10.000Z",
        providerPause: null,
        providers: [
          {
            name: "primary",
            kind: "webhook",
            countries: [],
            weight: 1,
            maxPerSecond: 0,
            burst: 0,
            breaker: { state: "closed", remainingMs: 0 },
            updatedAt: "2026-11-22T10:00:00.000Z",
            updatedBy: "system",
          },
        ],
        updatedAt: "2026-11-22T10:00:00.000Z",
        updatedBy: "system",
      },
    ],
  },
);

const intervalField = (description: string) =>
  Type.Optional(
    Type.Integer({ minimum: PACE_LIMITS.intervalMs.min, maximum: PACE_LIMITS.intervalMs.max, description }),
  );
const batchField = (description: string) =>
  Type.Optional(
    Type.Integer({ minimum: PACE_LIMITS.batchSize.min, maximum: PACE_LIMITS.batchSize.max, description }),
  );

export const PaceSchema = Type.Object(
  {
    intervalMs: intervalField("The bulk lane: milliseconds between claims (1 s..24 h)"),
    batchSize: batchField("The bulk lane: messages claimed per interval (1..10000)"),
    transactional: Type.Optional(
      Type.Object(
        {
          intervalMs: intervalField("Milliseconds between claims (1 s..24 h)"),
          batchSize: batchField("Messages claimed per interval (1..10000)"),
        },
        { additionalProperties: false, minProperties: 1, description: "The transactional lane's pace" },
      ),
    ),
    messageMaxLength: Type.Optional(
      Type.Integer({
        minimum: PACE_LIMITS.messageMaxLength.min,
        maximum: PACE_LIMITS.messageMaxLength.max,
        description:
          "Most characters a message's content may have, for intake and every worker. Lowering it fails " +
          "waiting messages longer than the new limit when their turn comes.",
      }),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    examples: [{ intervalMs: 60000, batchSize: 10 }, { transactional: { intervalMs: 5000, batchSize: 20 } }],
  },
);

export const EventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(
    [
      Type.Literal("start"),
      Type.Literal("stop"),
      Type.Literal("config"),
      Type.Literal("provider-pause-cleared"),
      Type.Literal("cancel"),
      Type.Literal("retry"),
      Type.Literal("provider"),
    ],
    {
      description:
        "provider-pause-cleared: a start or stop ended a provider pause (actor: the key's name, also when the " +
        "reconcile loop cleared a pause that raced with it), or the reconcile loop cleared one no provider " +
        "asked for (actor: system). " +
        "cancel and retry: messages cancelled or put back to pending (details: ids or the filter, and how many). " +
        "provider: a provider's routing changed (details: provider, from, to)",
    },
  ),
  actor: Type.String({ description: "The API key's name, or system for an auto-start" }),
  details: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: "date-time" }),
});

/** A page of the audit trail, newest first. */
export const EventPageSchema = Type.Object(
  { items: Type.Array(EventSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  {
    examples: [
      {
        items: [
          {
            id: 3,
            kind: "config",
            actor: "ops",
            details: {
              from: { intervalMs: 120000, batchSize: 2 },
              to: { intervalMs: 60000, batchSize: 2 },
            },
            createdAt: "2026-11-22T10:05:00.000Z",
          },
          {
            id: 1,
            kind: "start",
            actor: "system",
            details: {},
            createdAt: "2026-11-22T10:00:00.000Z",
          },
        ],
        nextCursor: null,
      },
    ],
  },
);
