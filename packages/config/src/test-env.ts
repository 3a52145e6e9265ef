import { cleanEnv, url } from "envalid";
import { type EnvSource, processEnv } from "./env-source.js";

/**
 * Where the test suites find Postgres and Redis. Defaults are this machine's local services;
 * each test file still isolates itself (its own database and queue prefix).
 */
export function loadTestEnv(env: EnvSource = processEnv) {
  return cleanEnv(env, {
    DATABASE_URL: url({ default: "postgres://postgres@127.0.0.1:5432/test" }),
    REDIS_URL: url({ default: "redis://127.0.0.1:6379" }),
  });
}
export type TestEnv = ReturnType<typeof loadTestEnv>;
