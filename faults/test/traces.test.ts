import { eventually, type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultStack } from "../src/fault-stack.js";
import { useFaultStack } from "../src/use-fault-stack.js";

// Tracing end to end: the API and a worker as real processes export OTLP/HTTP (protobuf, the
// default protocol) to a receiver in this test. One message, whose first provider attempt gets a 503, must make one trace: the
// intake request, the tick's claim, each attempt's send span and provider call (with its status
// and attempt number) and the HTTP client span under it, and the worker's log lines about it carry
// that trace's id.

let receiver: OtlpReceiver;
let stack: FaultStack;

afterAll(async () => {
  await receiver?.close();
});
const startStack = useFaultStack({ shared: true });

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: "200" };
  stack = await startStack({
    workers: 1,
    apis: 1,
    intervalMs: 1_000,
    batchSize: 10,
    apiEnv: otel,
    workerEnv: otel,
  });
}, 120_000);

describe("one trace per message", () => {
  it("intake → claim → each send attempt → provider call, in one trace, with the log lines joined to it", async () => {
    await stack.setSwitches({ failNext: 1, failStatus: 503 });
    const created = await stack.api("POST", "/api/v1/messages", { to: "+905551234567", content: "traced" });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    await eventually(
      async () => expect((await stack.api("GET", `/api/v1/messages/${id}`)).body.status).toBe("sent"),
      30_000,
      200,
    );

    let trace: ReceivedSpan[] = [];
    await eventually(
      async () => {
        const claim = receiver
          .spans()
          .find((s) => s.name === "message.claim" && s.attributes["message.id"] === id);
        expect(claim, "the claim span").toBeDefined();
        trace = receiver.spans().filter((s) => s.traceId === claim!.traceId);
        const sends = trace.filter((s) => s.name === "message.send");
        const calls = trace.filter((s) => s.name === "provider.request");
        expect(sends).toHaveLength(2);
        expect(calls).toHaveLength(2);
      },
      20_000,
      200,
    );
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (span: ReceivedSpan) => byId.get(span.parentSpanId);

    // The intake request is the trace's root, in the API.
    const root = trace.find((s) => s.parentSpanId === "");
    expect(root?.service).toBe("dispatcher-api");
    expect(trace.some((s) => s.service === "dispatcher-api" && /POST/.test(s.name))).toBe(true);

    // The claim hangs under the intake request's spans, and links to the tick's own span.
    const claim = trace.find((s) => s.name === "message.claim")!;
    expect(claim.service).toBe("dispatcher-worker");
    expect(byId.get(claim.parentSpanId)?.service).toBe("dispatcher-api");
    expect(claim.links.length).toBe(1);
    const tick = receiver.spans().find((s) => s.spanId === claim.links[0]!.spanId);
    expect(tick?.name).toBe("dispatch.tick");
    // OpenTelemetry's messaging conventions: the tick consumes its BullMQ job, the claim enqueues
    // the message's send job (PRODUCER 4, CONSUMER 5, as OTLP numbers span kinds).
    expect(tick).toMatchObject({
      kind: 5,
      attributes: {
        "messaging.system.name": "bullmq",
        "messaging.operation.type": "process",
        "messaging.destination.name": "dispatch-tick",
      },
    });
    expect(claim).toMatchObject({
      kind: 4,
      attributes: {
        "messaging.system.name": "bullmq",
        "messaging.operation.type": "send",
        "messaging.operation.name": "claim",
        "messaging.destination.name": "send-message",
        "messaging.message.id": `msg-${id}`,
      },
    });

    // Each attempt is a send span under the claim, with one provider call under it.
    const sends = trace
      .filter((s) => s.name === "message.send")
      .sort((a, b) => Number(a.attributes["message.attempt"]) - Number(b.attributes["message.attempt"]));
    expect(sends.map((s) => s.parentSpanId)).toEqual([claim.spanId, claim.spanId]);
    expect(sends.map((s) => s.attributes["message.attempt"])).toEqual([1, 2]);
    expect(sends.map((s) => s.attributes["message.outcome"])).toEqual(["error", "sent"]);
    for (const send of sends) {
      expect(send).toMatchObject({
        kind: 5,
        attributes: {
          "messaging.operation.type": "process",
          "messaging.operation.name": "send",
          "messaging.destination.name": "send-message",
          "messaging.message.id": `msg-${id}`,
        },
      });
    }
    const calls = sends.map((send) =>
      trace.find((s) => s.name === "provider.request" && s.parentSpanId === send.spanId),
    );
    expect(calls.map((c) => c?.attributes["provider.status"])).toEqual([503, 202]);
    expect(calls.map((c) => c?.attributes["message.id"])).toEqual([id, id]);
    expect(calls.map((c) => c?.attributes["provider.name"])).toEqual(["primary", "primary"]);
    // The HTTP client span (undici instrumentation) under each provider call, and the statements.
    for (const call of calls) {
      expect(trace.some((s) => s.parentSpanId === call!.spanId && s.kind === 3 /* CLIENT */)).toBe(true);
    }
    expect(
      trace.some((s) => s.service === "dispatcher-worker" && s.attributes["db.system.name"] === "postgresql"),
    ).toBe(true);
    expect(parentOf(sends[1]!)?.name).toBe("message.claim");
    // Span names name things; none carries a plugin's source (an anonymous Fastify plugin would).
    expect(trace.filter((s) => s.name.includes("=>")).map((s) => s.name.slice(0, 60))).toEqual([]);

    // Traces only: no process exported its logs or metrics too; and as protobuf, the default.
    expect(receiver.otherRequests()).toEqual([]);
    expect(new Set(receiver.contentTypes())).toEqual(new Set(["application/x-protobuf"]));
    // Every worker log line about the message carries the trace's id.
    const lines = stack.workers[0]!.output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { messageId?: number; trace_id?: string; msg: string })
      .filter((l) => l.messageId === id);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["sent"]));
    expect(new Set(lines.map((l) => l.trace_id))).toEqual(new Set([claim.traceId]));
  });

  it("each message of a bulk request is a trace of its own, linked to the request", async () => {
    const created = await stack.api("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: "+905551234568", content: "bulk a" },
        { to: "+905551234569", content: "bulk b" },
      ],
    });
    expect(created.status).toBe(201);
    const ids = (created.body.items as { id: number }[]).map((m) => m.id);
    await eventually(
      async () => {
        const claims = ids.map((id) =>
          receiver.spans().find((s) => s.name === "message.claim" && s.attributes["message.id"] === id),
        );
        expect(claims.every(Boolean)).toBe(true);
        const traces = claims.map((c) => c!.traceId);
        expect(new Set(traces).size).toBe(2);
        for (const claim of claims) {
          const intake = receiver.spans().find((s) => s.spanId === claim!.parentSpanId);
          expect(intake?.name).toBe("message.intake");
          const request = receiver.spans().find((s) => s.spanId === intake!.links[0]?.spanId);
          expect(request?.service).toBe("dispatcher-api");
          expect(traces).not.toContain(request!.traceId);
        }
      },
      30_000,
      250,
    );
  });
});
