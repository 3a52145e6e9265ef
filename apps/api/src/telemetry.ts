// Given to Node before the app (`node --import ./dist/telemetry.js dist/main.js`, or tsx's
// `--import ./src/telemetry.ts`): starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, before
// the app's modules load, so their instrumentations can hook them (see startTelemetry).
import { startTelemetry } from "@dispatcher/telemetry/start";

await startTelemetry({ serviceName: "dispatcher-api" });
