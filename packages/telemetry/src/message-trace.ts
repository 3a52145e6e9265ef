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
import { SDK_KEY } from "./sdk-key.js";

/**
 * One trace per message. The intake request's context is stored with the message (its W3C
 * `traceparent`, see intakeTraceparents); the tick that claims it adds a `message.claim` span to
 * that trace, linked to the tick's own span; the send job runs each attempt as a `message.send`
 * span under the claim; each provider call is a `provider.request` span under the attempt, with
 * the HTTP client span (undici instrumentation) under it. A message claimed minutes later still
 * joins its intake's trace.
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
 * message's trace is one message's, however many came together.
 */
export function intakeTraceparents(count: number): (string | null)[] {
  if (!enabled()) return Array.from({ length: count }, () => null);
  if (count === 1) return [traceparentOf(context.active())];
  const request = trace.getSpan(context.active());
  return Array.from({ length: count }, (_, index) => {
    const span = tracer().startSpan(
      "message.intake",
      {
        kind: SpanKind.INTERNAL,
        attributes: { "message.index": index },
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
 * span active now (the tick's). It ends at once. Returns its traceparent, which the send job
 * carries, or null with tracing off.
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
      attributes: { [MESSAGE_ATTRIBUTES.id]: message.id, [MESSAGE_ATTRIBUTES.priority]: message.priority },
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
 * call it makes are its children.
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
      attributes: { [MESSAGE_ATTRIBUTES.id]: message.id },
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

/** One dispatch tick: a `dispatch.tick` span (a trace of its own) active while `work` runs. */
export function tickSpan<T>(work: () => Promise<T>): Promise<T> {
  if (!enabled()) return work();
  return inSpan("dispatch.tick", { kind: SpanKind.INTERNAL, attributes: {}, parent: ROOT_CONTEXT }, () =>
    work(),
  );
}
