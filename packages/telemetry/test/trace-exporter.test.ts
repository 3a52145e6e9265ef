import type { OtlpProtocol } from "@dispatcher/config";
import { startOtlpReceiver } from "@dispatcher/testing";
import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterEach, describe, expect, it } from "vitest";
import { claimSpan, sendSpan, tickSpan } from "../src/index.js";
import { SDK_KEY } from "../src/sdk-key.js";
import { createTraceExporter } from "../src/trace-exporter.js";

// The exporter the SDK is given, over a real socket to a real OTLP/HTTP receiver, under each
// protocol OTEL_EXPORTER_OTLP_PROTOCOL may choose.

const NUMBER = "+905551234567";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[SDK_KEY];
  trace.disable();
  propagation.disable();
  context.disable();
});

describe.each([
  ["http/protobuf", "application/x-protobuf"],
  ["http/json", "application/json"],
] as const)("spans exported as %s", (protocol: OtlpProtocol, contentType) => {
  it("reach the receiver in that encoding, with the messaging attributes and no full number", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const exporter = await createTraceExporter(protocol, { url: `${receiver.endpoint}/v1/traces` });
      const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(provider);
      (globalThis as Record<symbol, unknown>)[SDK_KEY] = provider;

      let claimed: string | null = null;
      await tickSpan({ id: "repeat:dispatch-tick:7" }, async () => {
        claimed = claimSpan({ id: 7, priority: "bulk", traceparent: null });
      });
      // An error naming the recipient: the exported span must not carry it whole.
      await sendSpan({ id: 7, traceparent: claimed }, async () => {
        throw new Error(`provider refused ${NUMBER}`);
      }).catch(() => undefined);
      await provider.forceFlush();
      await provider.shutdown();

      expect(receiver.contentTypes().length).toBeGreaterThan(0);
      for (const type of receiver.contentTypes()) expect(type).toMatch(new RegExp(`^${contentType}`));
      const byName = new Map(receiver.spans().map((s) => [s.name, s]));
      expect(byName.get("dispatch.tick")).toMatchObject({
        kind: 5 /* CONSUMER, as OTLP numbers kinds */,
        attributes: {
          "messaging.system.name": "bullmq",
          "messaging.operation.type": "process",
          "messaging.operation.name": "tick",
          "messaging.destination.name": "dispatch-tick",
          "messaging.message.id": "repeat:dispatch-tick:7",
        },
      });
      const claim = byName.get("message.claim")!;
      expect(claim).toMatchObject({
        kind: 4 /* PRODUCER */,
        attributes: {
          "messaging.operation.type": "send",
          "messaging.destination.name": "send-message",
          "messaging.message.id": "msg-7",
        },
      });
      const send = byName.get("message.send")!;
      expect(send).toMatchObject({
        kind: 5,
        traceId: claim.traceId,
        parentSpanId: claim.spanId,
        attributes: {
          "messaging.operation.type": "process",
          "messaging.operation.name": "send",
          "messaging.message.id": "msg-7",
        },
      });
      const exported = receiver.bodies().join("\n");
      expect(exported).toContain("provider refused +90555");
      expect(exported).not.toContain(NUMBER.slice(1));
    } finally {
      await receiver.close();
    }
  });
});
