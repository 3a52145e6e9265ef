import { cleanEnv } from "envalid";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { logEnv, postgresEnv } from "./shared-env.js";

/** Configuration of `pnpm migrate`. */
export function loadMigrateConfig(env: EnvSource = processEnv) {
  return cleanEnv(withNodeEnv(env), { ...logEnv, ...postgresEnv });
}
export type MigrateConfig = ReturnType<typeof loadMigrateConfig>;
