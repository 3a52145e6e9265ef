import { cleanEnv } from "envalid";
import { throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv } from "./env-source.js";
import { telemetryEnv } from "./shared-env.js";
import { DEFAULT_OTLP_PROTOCOL, type OtlpProtocol } from "./validators.js";

/** What the telemetry entry reads before the app itself starts (see telemetryEnv). */
export function loadTelemetryConfig(env: EnvSource = processEnv) {
  return cleanEnv(env, telemetryEnv, { reporter: throwConfigErrors });
}

export type TelemetryConfig = ReturnType<typeof loadTelemetryConfig>;

/**
 * The protocol spans are exported with: OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else
 * OTEL_EXPORTER_OTLP_PROTOCOL, else (both set empty) the default, http/protobuf.
 */
export function tracesProtocolOf(config: TelemetryConfig): OtlpProtocol {
  return (
    config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || config.OTEL_EXPORTER_OTLP_PROTOCOL || DEFAULT_OTLP_PROTOCOL
  );
}
