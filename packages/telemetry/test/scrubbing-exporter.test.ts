import { SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { scrubbingExporter } from "../src/scrubbing-exporter.js";

describe("scrubbingExporter", () => {
  it("exports spans with the numbers in their URLs, status and exceptions masked, the rest as it was", async () => {
    const exported = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: scrubbingExporter(exported) })],
    });
    const span = provider.getTracer("test").startSpan("GET", {
      attributes: {
        "url.path": "/api/v1/opt-outs/%2B905551234567",
        "url.query": "to=+905551234567",
        "http.route": "/api/v1/opt-outs/:number",
        "message.id": 905551234567,
      },
    });
    span.recordException(new Error("Twilio answered 400 listing messages to +905551234567"));
    span.setStatus({ code: SpanStatusCode.ERROR, message: "no such number 905551234567" });
    span.end();
    await provider.forceFlush();

    const [out] = exported.getFinishedSpans();
    expect(out?.attributes).toEqual({
      "url.path": "/api/v1/opt-outs/%2B90555***4567",
      "url.query": "to=+90555***4567",
      "http.route": "/api/v1/opt-outs/:number",
      "message.id": 905551234567,
    });
    expect(out?.status.message).toBe("no such number 90555***4567");
    expect(JSON.stringify(out?.events)).not.toContain("5551234567");
    expect(out?.events[0]?.attributes?.["exception.message"]).toBe(
      "Twilio answered 400 listing messages to +90555***4567",
    );
    expect(out?.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(out?.duration).toEqual(expect.any(Array));
    await provider.shutdown();
  });
});
