import { loadDotEnv, loadTelemetryConfig } from "@dispatcher/config";

/**
 * Starts OpenTelemetry tracing for one process, when OTEL_EXPORTER_OTLP_ENDPOINT is set: it must
 * run before the app's own modules load (each app's `src/telemetry.ts`, given to Node with
 * `--import`), so the instrumentations can hook them. It registers import-in-the-middle's ESM
 * hook, then the Node SDK with an OTLP/HTTP (JSON) exporter and the maintained instrumentations:
 * HTTP server and client, undici (the provider and callback requests), pg, ioredis, pino (trace
 * and span ids on every log line written inside a span) and Fastify (@fastify/otel, one span per
 * route). Without an endpoint it loads nothing and costs nothing: the app's spans
 * (message-trace.ts) are then the API's no-op ones.
 */
export async function startTelemetry(options: { serviceName: string }): Promise<void> {
  loadDotEnv();
  const config = loadTelemetryConfig();
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT === "") return;

  const [{ register }, iitm, sdkNode, otlp, http, undici, pg, ioredis, pino, fastify] = await Promise.all([
    import("node:module"),
    import("import-in-the-middle"),
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
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
    traceExporter: new otlp.OTLPTraceExporter(),
    instrumentations: [
      new http.HttpInstrumentation(),
      new undici.UndiciInstrumentation(),
      new pg.PgInstrumentation({ requireParentSpan: true }),
      new ioredis.IORedisInstrumentation({ requireParentSpan: true }),
      new pino.PinoInstrumentation(),
      new fastify.FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  // The app's graceful shutdown flushes the spans still buffered (see shutdownTelemetry).
  (globalThis as { [SDK_KEY]?: { shutdown: () => Promise<void> } })[SDK_KEY] = sdk;
}

/**
 * Where the started SDK is kept: on globalThis, because the `--import` entry and the app are
 * bundled separately in production and do not share module state.
 */
export const SDK_KEY = Symbol.for("dispatcher.telemetry.sdk");
