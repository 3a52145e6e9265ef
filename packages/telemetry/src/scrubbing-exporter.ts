import { maskNumbersIn } from "@dispatcher/core";
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";

/**
 * The span attributes that hold a request's URL or part of it: a path or a query string may name a
 * number (`/api/v1/opt-outs/+905551234567`, `?to=`, a provider's lookup by recipient).
 */
export const URL_ATTRIBUTES = ["url.full", "url.path", "url.query", "http.url", "http.target"];

/**
 * `exporter`, exporting every span with the number-like runs of digits masked (maskNumbersIn) in
 * its URL_ATTRIBUTES, its status message and its events' attributes (a recorded exception's
 * message and stack), so no exported span carries a full phone number, whatever an
 * instrumentation put in it. Message content cannot be recognised in free text: the code that
 * raises an error about a message leaves its content out (see scrubMessageText).
 */
export function scrubbingExporter(exporter: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) =>
      exporter.export(spans.map(scrubbedSpan), done),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** `span` as exported: itself (its methods and other fields) with masked attributes, events and status. */
function scrubbedSpan(span: ReadableSpan): ReadableSpan {
  const attributes = { ...span.attributes };
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === "string") attributes[key] = maskNumbersIn(value);
  }
  const events = span.events.map((event) => ({
    ...event,
    attributes:
      event.attributes &&
      Object.fromEntries(
        Object.entries(event.attributes).map(([key, value]) => [
          key,
          typeof value === "string" ? maskNumbersIn(value) : value,
        ]),
      ),
  }));
  const status =
    span.status.message === undefined
      ? span.status
      : { ...span.status, message: maskNumbersIn(span.status.message) };
  // The span stays the prototype: the exporter's reads of its getters and spanContext() still work.
  return Object.create(span, {
    attributes: { value: attributes, enumerable: true },
    events: { value: events, enumerable: true },
    status: { value: status, enumerable: true },
  }) as ReadableSpan;
}
