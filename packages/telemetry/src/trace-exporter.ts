import type { OtlpProtocol } from "@dispatcher/config";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import { scrubbingExporter } from "./scrubbing-exporter.js";

/**
 * The OTLP/HTTP span exporter for `protocol` (`http/protobuf`: @opentelemetry/exporter-trace-otlp-proto;
 * `http/json`: @opentelemetry/exporter-trace-otlp-http), always wrapped in scrubbingExporter, so no
 * exported span carries a full phone number whichever is chosen. It sends to `url` when given, else
 * where the standard OTEL_EXPORTER_OTLP_* variables say (the endpoint with /v1/traces added). The
 * chosen package is loaded only here, when tracing is on.
 */
export async function createTraceExporter(
  protocol: OtlpProtocol,
  options: { url?: string } = {},
): Promise<SpanExporter> {
  const config = options.url === undefined ? {} : { url: options.url };
  const exporter =
    protocol === "http/protobuf"
      ? new (await import("@opentelemetry/exporter-trace-otlp-proto")).OTLPTraceExporter(config)
      : new (await import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter(config);
  return scrubbingExporter(exporter);
}
