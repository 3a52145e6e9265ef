import { cleanEnv } from "envalid";
import { throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { logEnv, postgresEnv } from "./shared-env.js";

/** Every variable `pnpm migrate` reads. */
export const migrateEnvSpec = { ...logEnv, ...postgresEnv };

/** Configuration of `pnpm migrate`. */
export function loadMigrateConfig(env: EnvSource = processEnv) {
  return cleanEnv(withNodeEnv(env), migrateEnvSpec, { reporter: throwConfigErrors });
}
export type MigrateConfig = ReturnType<typeof loadMigrateConfig>;
