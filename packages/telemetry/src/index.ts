/**
 * @dispatcher/telemetry: OpenTelemetry for the api and worker. `./start` (startTelemetry) is the
 * `--import` entry that loads the SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; this index is
 * what the apps use at run time, on @opentelemetry/api only: the spans that make one trace per
 * message, and the flush at shutdown. Without the SDK every call here is a no-op.
 */
export {
  callbackSpan,
  claimSpan,
  intakeTraceparents,
  MESSAGE_ATTRIBUTES,
  MESSAGING_ATTRIBUTES,
  MESSAGING_SYSTEM,
  type MessageSpan,
  providerSpan,
  sendSpan,
  tickSpan,
} from "./message-trace.js";
export { shutdownTelemetry } from "./shutdown-telemetry.js";
