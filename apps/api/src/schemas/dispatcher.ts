import { LANE_NAME_PATTERN, PACE_LIMITS } from "@dispatcher/core";
import { Type } from "@fastify/type-provider-typebox";
import { ProviderSchema } from "./provider.js";

// The dispatcher's state as the API shows it, the pace a PATCH may change, and the audit trail.

const LaneSchema = Type.Object({
  name: Type.String({ description: "The lane a message names as its priority" }),
  intervalMs: Type.Integer({
    description: "Milliseconds between its claims; for an arrival lane, its budget's period",
  }),
  batchSize: Type.Integer({
    description:
      "Messages it claims per interval; for an arrival lane, its budget: per interval, and at most at once",
  }),
  ahead: Type.Boolean({ description: "Its sends go ahead of every send waiting in the queue" }),
  arrival: Type.Boolean({
    description:
      "It sends on arrival: a message is claimed as soon as it is stored, within a budget of batchSize per " +
      "intervalMs (bursts of at most batchSize); each tick claims what arrivals left from the same budget",
  }),
});

export const DispatcherSchema = Type.Object(
  {
    state: Type.Union([Type.Literal("running"), Type.Literal("stopped")]),
    intervalMs: Type.Integer({
      description: "The default lane's (bulk) pace: milliseconds between its claims",
    }),
    batchSize: Type.Integer({ description: "The default lane's (bulk) pace: messages claimed per interval" }),
    lanes: Type.Array(LaneSchema, {
      description:
        "Every lane, ahead ones first: each claims its own batch per interval (or, sending on arrival, within " +
        "its budget), oldest first, and never takes another's (LANES adds lanes)",
    }),
    messageMaxLength: Type.Integer({ description: "Most characters a message's content may have" }),
    nextRunAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
      description:
        "When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null " +
        "when stopped (or when Redis cannot be read)",
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
        lanes: [
          { name: "transactional", intervalMs: 1000, batchSize: 50, ahead: true, arrival: true },
          { name: "bulk", intervalMs: 120000, batchSize: 2, ahead: false, arrival: false },
        ],
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
    intervalMs: intervalField("The default lane (bulk): milliseconds between claims (1 s..24 h)"),
    batchSize: batchField("The default lane (bulk): messages claimed per interval (1..10000)"),
    lanes: Type.Optional(
      Type.Record(
        Type.String({ pattern: LANE_NAME_PATTERN.source }),
        Type.Object(
          {
            intervalMs: intervalField("Milliseconds between claims (1 s..24 h)"),
            batchSize: batchField("Messages claimed per interval (1..10000)"),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        { minProperties: 1, additionalProperties: false, description: "Any lane's pace, by its name" },
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
    examples: [
      { intervalMs: 60000, batchSize: 10 },
      { lanes: { transactional: { intervalMs: 5000, batchSize: 20 } } },
    ],
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
      Type.Literal("protection"),
      Type.Literal("opt-out"),
      Type.Literal("help"),
      Type.Literal("spend"),
    ],
    {
      description:
        "provider-pause-cleared: a start or stop ended a provider pause (actor: the key's name, also when the " +
        "reconcile loop cleared a pause that raced with it), or the reconcile loop cleared one no provider " +
        "asked for (actor: system). " +
        "cancel and retry: messages cancelled or put back to pending (details: ids or the filter, and how many). " +
        "provider: a provider's routing changed (details: provider, from, to). " +
        "protection: a pumping-guard rule changed (details: change, from, to; numbers masked), or the guard " +
        "refused a request or let messages through under a monitor rule (details: decision, code, rule, messages). " +
        "opt-out: a number added to, updated on or removed from the suppression list (actor: the key's name, " +
        "provider, or recipient for a keyword; details: action, number masked as +90555***4567, source, detail). " +
        "help: a recipient sent HELP (actor: recipient; details: number masked, provider, keyword). " +
        "spend: prices or limits changed (details: change, from, to), a scope reached 80 or 100 % of a limit " +
        "(details: change threshold, scope, period, limit, spent, reserved), or intake refused a request for " +
        "spend (details: decision, code, rule, messages)",
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
