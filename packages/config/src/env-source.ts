/** The process environment. Every config loader defaults to it; tests pass their own object. */
export type EnvSource = Record<string, string | undefined>;

export const processEnv: EnvSource = process.env;
