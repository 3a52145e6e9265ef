import { callbackJobId, sendJobId } from "@dispatcher/core";
import { context, propagation, SpanKind, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  callbackSpan,
  claimSpan,
  intakeTraceparents,
  providerSpan,
  sendSpan,
  tickSpan,
} from "../src/index.js";
import { SDK_KEY } from "../src/sdk-key.js";

// The message spans with the SDK's own in-memory exporter (the end-to-end test over OTLP/HTTP is
// faults/test/traces.test.ts). First without any SDK: everything must be a no-op.

describe("with tracing off (no SDK)", () => {
  it("stores no context, makes no claim context, and still runs the work", async () => {
    expect(intakeTraceparents(2)).toEqual([null, null]);
    expect(claimSpan({ id: 1, priority: "bulk", traceparent: null })).toBeNull();
    expect(
      await sendSpan({ id: 1 }, async () =>
        providerSpan({ provider: "primary", messageId: 1, attempt: 1 }, async () => 7),
      ),
    ).toBe(7);
  });
});

describe("with the SDK", () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    // What startTelemetry leaves to say tracing is on.
    (globalThis as Record<symbol, unknown>)[SDK_KEY] = provider;
  });
  afterAll(async () => {
    delete (globalThis as Record<symbol, unknown>)[SDK_KEY];
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());
  const spans = () => exporter.getFinishedSpans();
  const named = (name: string) => spans().filter((s) => s.name === name);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it("a message's claim, attempts and provider calls join the trace of the request that stored it", async () => {
    // The intake request: its context is what the API stores with the message.
    const stored = trace.getTracer("test").startActiveSpan("POST /api/v1/messages", (request) => {
      const traceparent = intakeTraceparents(1)[0] ?? null;
      request.end();
      return { traceparent, request };
    });
    expect(stored.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    let claimContext: string | null = null;
    await tickSpan({ id: "repeat:dispatch-tick:1" }, async () => {
      claimContext = claimSpan({ id: 42, priority: "transactional", traceparent: stored.traceparent });
    });
    const [tick] = named("dispatch.tick");
    const [claim] = named("message.claim");
    const traceId = stored.request.spanContext().traceId;
    expect(claim!.spanContext().traceId).toBe(traceId);
    expect(parentOf(claim!)).toBe(stored.request.spanContext().spanId);
    expect(claim!.links.map((l) => l.context.spanId)).toEqual([tick!.spanContext().spanId]);
    expect(tick!.spanContext().traceId).not.toBe(traceId);
    expect(claim!.attributes).toMatchObject({ "message.id": 42, "message.priority": "transactional" });
    // OpenTelemetry's messaging conventions: the tick consumes its job, the claim produces a send job.
    expect(tick!.kind).toBe(SpanKind.CONSUMER);
    expect(tick!.attributes).toEqual({
      "messaging.system.name": "bullmq",
      "messaging.operation.type": "process",
      "messaging.operation.name": "tick",
      "messaging.destination.name": "dispatch-tick",
      "messaging.message.id": "repeat:dispatch-tick:1",
    });
    expect(claim!.kind).toBe(SpanKind.PRODUCER);
    expect(claim!.attributes).toMatchObject({
      "messaging.system.name": "bullmq",
      "messaging.operation.type": "send",
      "messaging.operation.name": "claim",
      "messaging.destination.name": "send-message",
      "messaging.message.id": sendJobId(42),
    });

    for (const [attempt, status] of [
      [1, 503],
      [2, 202],
    ] as const) {
      await sendSpan({ id: 42, traceparent: claimContext }, async (span) => {
        span.setAttribute("message.attempt", attempt);
        await providerSpan({ provider: "primary", messageId: 42, attempt }, async (call) => {
          call.setAttribute("provider.status", status);
        });
      }).catch(() => {});
    }
    const sends = named("message.send");
    const calls = named("provider.request");
    expect(sends.map((s) => s.spanContext().traceId)).toEqual([traceId, traceId]);
    for (const send of sends) {
      expect(send.kind).toBe(SpanKind.CONSUMER);
      expect(send.attributes).toMatchObject({
        "messaging.system.name": "bullmq",
        "messaging.operation.type": "process",
        "messaging.operation.name": "send",
        "messaging.destination.name": "send-message",
        "messaging.message.id": sendJobId(42),
      });
    }
    expect(sends.map(parentOf)).toEqual([claim!.spanContext().spanId, claim!.spanContext().spanId]);
    expect(calls.map(parentOf)).toEqual(sends.map((s) => s.spanContext().spanId));
    expect(calls.map((c) => c.attributes)).toEqual([
      { "message.id": 42, "message.attempt": 1, "provider.name": "primary", "provider.status": 503 },
      { "message.id": 42, "message.attempt": 2, "provider.name": "primary", "provider.status": 202 },
    ]);
  });

  it("each message of a bulk intake gets a trace of its own, linked to the request", async () => {
    const { traces, request } = trace
      .getTracer("test")
      .startActiveSpan("POST /api/v1/messages/bulk", (span) => {
        const made = intakeTraceparents(3);
        span.end();
        return { traces: made, request: span };
      });
    const ids = traces.map((t) => t!.split("-")[1]);
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(request.spanContext().traceId);
    const intakes = named("message.intake");
    for (const intake of intakes) {
      expect(intake.kind).toBe(SpanKind.PRODUCER);
      expect(intake.attributes).toMatchObject({
        "messaging.system.name": "bullmq",
        "messaging.operation.type": "create",
        "messaging.operation.name": "intake",
        "messaging.destination.name": "send-message",
      });
      // Stored, not yet queued: no job id.
      expect(intake.attributes["messaging.message.id"]).toBeUndefined();
    }
    expect(intakes.map((s) => s.links[0]?.context.spanId)).toEqual([
      request.spanContext().spanId,
      request.spanContext().spanId,
      request.spanContext().spanId,
    ]);
  });

  it("a failed attempt's error is recorded on its span, and still thrown", async () => {
    await expect(
      sendSpan({ id: 7 }, async () => {
        throw new Error("provider unreachable");
      }),
    ).rejects.toThrow("provider unreachable");
    const [send] = named("message.send");
    expect(send!.status.code).toBe(2 /* ERROR */);
    expect(send!.events.map((e) => e.name)).toEqual(["exception"]);
    // Without a stored context it starts a trace of its own.
    expect(parentOf(send!)).toBeUndefined();
  });

  it("a status callback's job is a CONSUMER span of its queue, with the callback's job id and its message", async () => {
    await callbackSpan({ callbackId: 9 }, async (span) => {
      span.setAttribute("message.id", 42);
    });
    const [callback] = named("callback.deliver");
    expect(callback!.kind).toBe(SpanKind.CONSUMER);
    expect(callback!.attributes).toEqual({
      "messaging.system.name": "bullmq",
      "messaging.operation.type": "process",
      "messaging.operation.name": "callback",
      "messaging.destination.name": "status-callback",
      "messaging.message.id": callbackJobId(9),
      "message.id": 42,
    });
  });
});
