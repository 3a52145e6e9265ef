import { cleanEnv } from "envalid";
import { throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv } from "./env-source.js";
import { telemetryEnv } from "./shared-env.js";

/** What the telemetry entry reads before the app itself starts (see telemetryEnv). */
export function loadTelemetryConfig(env: EnvSource = processEnv) {
  return cleanEnv(env, telemetryEnv, { reporter: throwConfigErrors });
}

export type TelemetryConfig = ReturnType<typeof loadTelemetryConfig>;
