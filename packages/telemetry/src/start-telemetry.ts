import { loadDotEnv, loadTelemetryConfig, tracesProtocolOf } from "@dispatcher/config";
import { SDK_KEY } from "./sdk-key.js";
import { createTraceExporter } from "./trace-exporter.js";

/**
 * Starts OpenTelemetry tracing for one process, when OTEL_EXPORTER_OTLP_ENDPOINT is set: it must
 * run before the app's own modules load (each app's `src/telemetry.ts`, given to Node with
 * `--import`), so the instrumentations can hook them. It registers import-in-the-middle's ESM
 * hook, then the Node SDK with an OTLP/HTTP exporter (protobuf, or JSON, as
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL or OTEL_EXPORTER_OTLP_PROTOCOL say; grpc is refused by the
 * config, before anything loads: see createTraceExporter) and the maintained instrumentations:
 * HTTP server and client, undici (the provider and callback requests), pg, ioredis, pino (trace
 * and span ids on every log line written inside a span) and Fastify (@fastify/otel, one span per
 * route). Without an endpoint it loads nothing and costs nothing: the app's spans
 * (message-trace.ts) are then the API's no-op ones.
 */
export async function startTelemetry(options: { serviceName: string }): Promise<void> {
  loadDotEnv();
  const config = loadTelemetryConfig();
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === "") return;

  const [{ register }, iitm, sdkNode, traceExporter, http, undici, pg, ioredis, pino, fastify] =
    await Promise.all([
      import("node:module"),
      import("import-in-the-middle"),
      import("@opentelemetry/sdk-node"),
      createTraceExporter(tracesProtocolOf(config)),
      import("@opentelemetry/instrumentation-http"),
      import("@opentelemetry/instrumentation-undici"),
      import("@opentelemetry/instrumentation-pg"),
      import("@opentelemetry/instrumentation-ioredis"),
      import("@opentelemetry/instrumentation-pino"),
      import("@fastify/otel"),
    ]);
  // The hook tells the main thread which modules it loaded; the SDK waits for that below, so every
  // module the app imports after this one is hooked.
  const { registerOptions, waitForAllMessagesAcknowledged } = iitm.createAddHookMessageChannel();
  register("import-in-the-middle/hook.mjs", import.meta.url, registerOptions);

  const sdk = new sdkNode.NodeSDK({
    serviceName: config.OTEL_SERVICE_NAME || options.serviceName,
    // No span leaves the process with a full phone number in it (see scrubbingExporter).
    traceExporter,
    // Traces only: the SDK would otherwise also export OTLP metrics and every log record.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new http.HttpInstrumentation({
        // Probes and scrapes are not requests anyone follows: no trace for them.
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? "").split("?")[0] ?? ""),
      }),
      new undici.UndiciInstrumentation(),
      new pg.PgInstrumentation({ requireParentSpan: true }),
      new ioredis.IORedisInstrumentation({ requireParentSpan: true }),
      // Trace and span ids on each log line; the lines themselves stay in the process's output.
      new pino.PinoInstrumentation({ disableLogSending: true }),
      new fastify.FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  // The app's graceful shutdown flushes the spans still buffered (see shutdownTelemetry).
  (globalThis as { [SDK_KEY]?: { shutdown: () => Promise<void> } })[SDK_KEY] = sdk;
}

/** Paths whose requests make no trace: probes and metric scrapes. */
const UNTRACED_PATHS = new Set(["/health", "/livez", "/readyz", "/metrics", "/version"]);
