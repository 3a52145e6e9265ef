import { bool, cleanEnv, host, port } from "envalid";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { dispatchEnv, logEnv, postgresEnv, redisEnv } from "./shared-env.js";
import { intInRange } from "./validators.js";

/** Configuration of one API process. */
export function loadApiConfig(env: EnvSource = processEnv) {
  return cleanEnv(withNodeEnv(env), {
    ...logEnv,
    ...postgresEnv,
    ...redisEnv,
    ...dispatchEnv,
    AUTO_START: bool({ default: true, desc: "A fresh deploy starts sending without an API call" }),
    API_HOST: host({ default: "0.0.0.0" }),
    API_PORT: port({ default: 3000 }),
    RECONCILE_INTERVAL_MS: intInRange(
      1_000,
      3_600_000,
    )({
      default: 10_000,
      desc: "How often the API re-applies the stored dispatcher state to Redis",
    }),
    LOG_PRETTY: bool({ default: process.stdout.isTTY === true }),
  });
}
export type ApiConfig = ReturnType<typeof loadApiConfig>;
