import { CALLBACK_QUEUE, callbackJobId, SEND_QUEUE, sendJobId, TICK_QUEUE } from "@dispatcher/core";
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM_NAME,
  MESSAGING_OPERATION_TYPE_VALUE_CREATE,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
} from "@opentelemetry/semantic-conventions/incubating";
import { SDK_KEY } from "./sdk-key.js";

/**
 * One trace per message. The intake request's context is stored with the message (its W3C
 * `traceparent`, see intakeTraceparents); the tick that claims it adds a `message.claim` span to
 * that trace, linked to the tick's own span; the send job runs each attempt as a `message.send`
 * span under the claim; each provider call is a `provider.request` span under the attempt, with
 * the HTTP client span (undici instrumentation) under it. A message claimed minutes later still
 * joins its intake's trace.
 *
 * Each span of a queued message or job also carries OpenTelemetry's messaging attributes
 * (semantic conventions 1.45, MESSAGING_ATTRIBUTES): the system (`bullmq`), the operation (its
 * type and name), the queue, and the job's id; never a number or a body.
 *
 * With tracing off (no SDK started) every function here does nothing but run what it wraps.
 */
export const MESSAGE_ATTRIBUTES = {
  id: "message.id",
  priority: "message.priority",
  attempt: "message.attempt",
  outcome: "message.outcome",
  provider: "provider.name",
  providerStatus: "provider.status",
} as const;

/** The messaging semantic conventions' attribute names this file sets (1.45, incubating). */
export const MESSAGING_ATTRIBUTES = {
  system: ATTR_MESSAGING_SYSTEM_NAME,
  operationType: ATTR_MESSAGING_OPERATION_TYPE,
  operationName: ATTR_MESSAGING_OPERATION_NAME,
  destination: ATTR_MESSAGING_DESTINATION_NAME,
  messageId: ATTR_MESSAGING_MESSAGE_ID,
} as const;

/** The messaging system, as `messaging.system.name` names it: the queues are BullMQ's. */
export const MESSAGING_SYSTEM = "bullmq";

/**
 * The messaging attributes of one operation on `queue`: `type` one of the conventions' operation
 * types, `name` this system's own name for it, `jobId` the BullMQ job's id when it has one.
 */
function messaging(type: string, operation: { name: string; queue: string; jobId?: string }): Attributes {
  return {
    [MESSAGING_ATTRIBUTES.system]: MESSAGING_SYSTEM,
    [MESSAGING_ATTRIBUTES.operationType]: type,
    [MESSAGING_ATTRIBUTES.operationName]: operation.name,
    [MESSAGING_ATTRIBUTES.destination]: operation.queue,
    ...(operation.jobId === undefined ? {} : { [MESSAGING_ATTRIBUTES.messageId]: operation.jobId }),
  };
}

export type MessageSpan = Pick<Span, "setAttribute" | "setAttributes">;

const tracer = () => trace.getTracer("message-dispatcher");

/** Whether startTelemetry started the SDK: without it nothing is traced. */
const enabled = () => (globalThis as { [SDK_KEY]?: unknown })[SDK_KEY] !== undefined;

/**
 * The stored and carried contexts are W3C traceparents whatever OTEL_PROPAGATORS says (that
 * setting is for the HTTP headers the instrumentations read and write).
 */
const w3c = new W3CTraceContextPropagator();

/** The W3C traceparent of `ctx`'s span, or null when there is none (tracing off). */
function traceparentOf(ctx: Context): string | null {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent ?? null;
}

/**
 * The trace context to store with each of `count` messages an intake request stores, or nulls
 * (tracing off). One message joins the request's own trace; each message of a bulk request gets a
 * `message.intake` span of its own, in a trace of its own, linked to the request's span, so a
 * message's trace is one message's, however many came together. That span is a PRODUCER `create`
 * (messaging attributes, no job id yet: the message is stored, and queued when a tick claims it).
 */
export function intakeTraceparents(count: number): (string | null)[] {
  if (!enabled()) return Array.from({ length: count }, () => null);
  if (count === 1) return [traceparentOf(context.active())];
  const request = trace.getSpan(context.active());
  return Array.from({ length: count }, (_, index) => {
    const span = tracer().startSpan(
      "message.intake",
      {
        // The message is created here; a tick sends it to SEND_QUEUE later (claimSpan).
        kind: SpanKind.PRODUCER,
        attributes: {
          "message.index": index,
          ...messaging(MESSAGING_OPERATION_TYPE_VALUE_CREATE, { name: "intake", queue: SEND_QUEUE }),
        },
        links: request ? [{ context: request.spanContext() }] : [],
      },
      ROOT_CONTEXT,
    );
    span.end();
    return traceparentOf(trace.setSpan(ROOT_CONTEXT, span));
  });
}

const contextOf = (traceparent: string | null | undefined): Context =>
  traceparent ? w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter) : ROOT_CONTEXT;

/**
 * The claim of one message by a tick: a span in the message's trace (under the intake request
 * whose `traceparent` was stored; a new trace for a message stored without one), linked to the
 * span active now (the tick's). It ends at once. A PRODUCER `send` to SEND_QUEUE: the claimed
 * message's send job is enqueued with its traceparent, which the send job carries (null with
 * tracing off).
 */
export function claimSpan(message: {
  id: number;
  priority: string;
  traceparent: string | null;
}): string | null {
  if (!enabled()) return null;
  const tick = trace.getSpan(context.active());
  const span = tracer().startSpan(
    "message.claim",
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MESSAGE_ATTRIBUTES.id]: message.id,
        [MESSAGE_ATTRIBUTES.priority]: message.priority,
        ...messaging(MESSAGING_OPERATION_TYPE_VALUE_SEND, {
          name: "claim",
          queue: SEND_QUEUE,
          jobId: sendJobId(message.id),
        }),
      },
      links: tick ? [{ context: tick.spanContext() }] : [],
    },
    contextOf(message.traceparent),
  );
  span.end();
  return traceparentOf(trace.setSpan(ROOT_CONTEXT, span));
}

/** Runs `work` inside a span named `name` under `parent`; records a thrown error on it. */
async function inSpan<T>(
  name: string,
  span: { kind: SpanKind; attributes: Attributes; parent: Context },
  work: (span: MessageSpan) => Promise<T>,
): Promise<T> {
  const { kind, attributes, parent } = span;
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

const NO_SPAN: MessageSpan = { setAttribute: () => NO_SPAN as Span, setAttributes: () => NO_SPAN as Span };

/**
 * One run of a message's send job: a `message.send` span under the claim whose traceparent the job
 * carries (a new trace without one), active while `work` runs, so the statements and the provider
 * call it makes are its children. A CONSUMER `process` of its SEND_QUEUE job.
 */
export function sendSpan<T>(
  message: { id: number; traceparent?: string | null },
  work: (span: MessageSpan) => Promise<T>,
): Promise<T> {
  if (!enabled()) return work(NO_SPAN);
  return inSpan(
    "message.send",
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [MESSAGE_ATTRIBUTES.id]: message.id,
        ...messaging(MESSAGING_OPERATION_TYPE_VALUE_PROCESS, {
          name: "send",
          queue: SEND_QUEUE,
          jobId: sendJobId(message.id),
        }),
      },
      parent: contextOf(message.traceparent),
    },
    work,
  );
}

/** One provider call of an attempt: a `provider.request` span under the active one (the attempt's). */
export function providerSpan<T>(
  call: { provider: string; messageId: number; attempt: number },
  work: (span: MessageSpan) => Promise<T>,
): Promise<T> {
  if (!enabled()) return work(NO_SPAN);
  return inSpan(
    "provider.request",
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [MESSAGE_ATTRIBUTES.id]: call.messageId,
        [MESSAGE_ATTRIBUTES.attempt]: call.attempt,
        [MESSAGE_ATTRIBUTES.provider]: call.provider,
      },
      parent: context.active(),
    },
    work,
  );
}

/**
 * One dispatch tick, the TICK_QUEUE job `job`: a `dispatch.tick` span (a trace of its own, a
 * CONSUMER `process`) active while `work` runs.
 */
export function tickSpan<T>(job: { id?: string }, work: () => Promise<T>): Promise<T> {
  if (!enabled()) return work();
  return inSpan(
    "dispatch.tick",
    {
      kind: SpanKind.CONSUMER,
      attributes: messaging(MESSAGING_OPERATION_TYPE_VALUE_PROCESS, {
        name: "tick",
        queue: TICK_QUEUE,
        jobId: job.id,
      }),
      parent: ROOT_CONTEXT,
    },
    () => work(),
  );
}

/**
 * One run of a status callback's job, the CALLBACK_QUEUE job of `callbackId`: a `callback.deliver`
 * span (a trace of its own, a CONSUMER `process`) active while `work` runs, so the HTTP request it
 * makes is its child; `work` adds the message's id once it has read it.
 */
export function callbackSpan<T>(
  callback: { callbackId: number },
  work: (span: MessageSpan) => Promise<T>,
): Promise<T> {
  if (!enabled()) return work(NO_SPAN);
  return inSpan(
    "callback.deliver",
    {
      kind: SpanKind.CONSUMER,
      attributes: messaging(MESSAGING_OPERATION_TYPE_VALUE_PROCESS, {
        name: "callback",
        queue: CALLBACK_QUEUE,
        jobId: callbackJobId(callback.callbackId),
      }),
      parent: ROOT_CONTEXT,
    },
    work,
  );
}
