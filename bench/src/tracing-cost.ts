import { startOtlpReceiver } from "@dispatcher/testing";
import { runDispatch } from "./dispatch-run.js";
import { dec, int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult } from "./measurement.js";

/**
 * What tracing costs: the end-to-end run twice in the same invocation, one worker, the same
 * backlog size: first with tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT: nothing is loaded), then
 * on, exporting every span over OTLP/HTTP to a receiver in this process (a collector's receiving
 * end, so the export's cost is the real one). Reported as both rates and the share kept.
 */
export const tracingCost: Measurement = {
  name: "tracing",
  title: "7. Tracing: end to end with OpenTelemetry off and on",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const messages = ctx.sizes.e2eMessages;
    const off = await runDispatch(ctx, { label: "tracing-off", messages, workers: 1 });
    const receiver = await startOtlpReceiver();
    try {
      const on = await runDispatch(ctx, {
        label: "tracing-on",
        messages,
        workers: 1,
        workerEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
      });
      const kept = on.rate / off.rate;
      const spans = receiver.spans().length;
      return {
        rows: [
          { metric: "tracing off", value: `${int(off.rate)} msg/s`, raw: off.rate, unit: "msg/s" },
          {
            metric: "tracing on (every span exported over OTLP/HTTP)",
            value: `${int(on.rate)} msg/s`,
            raw: on.rate,
            unit: "msg/s",
          },
          { metric: "rate kept with tracing on", value: pct(kept), raw: kept, unit: "ratio" },
          {
            metric: "spans exported per message",
            value: dec(spans / on.messages, 1),
            raw: spans / on.messages,
            unit: "spans/msg",
          },
        ],
        details: { offRate: off.rate, onRate: on.rate, kept, spans, exports: receiver.requests() },
        notes: [
          `The same ${int(messages)} messages drained twice by one worker: tracing off, then on with every span ` +
            "exported to an OTLP/HTTP receiver in the bench process. Messages inserted straight into Postgres " +
            "have no intake trace, so each claim starts one.",
        ],
      };
    } finally {
      await receiver.close();
    }
  },
};
