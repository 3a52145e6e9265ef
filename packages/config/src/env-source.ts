/** The process environment. Every config loader defaults to it; tests pass their own object. */
export type EnvSource = Record<string, string | undefined>;

export const processEnv: EnvSource = process.env;

/**
 * `env` with NODE_ENV defaulting to `development`, so the development defaults (the mock
 * provider's URL and key) apply unless NODE_ENV=production says otherwise. envalid alone
 * applies them only when NODE_ENV is set explicitly.
 */
export function withNodeEnv(env: EnvSource): EnvSource {
  return env.NODE_ENV ? env : { ...env, NODE_ENV: "development" };
}
