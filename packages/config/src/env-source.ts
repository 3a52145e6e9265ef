import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseEnv } from "node:util";

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

/**
 * Loads the nearest `.env` file (KEY=value lines, see `.env.example`) into the process
 * environment: the one in `from` or in a parent folder up to the workspace root (the folder with
 * pnpm-workspace.yaml). Variables already set in the environment win over the file. Each
 * process's main calls it first; containers have no `.env` and are configured by their
 * environment alone. `DOTENV=off` in the environment skips it (the test suites start processes
 * that way, so a developer's `.env` cannot change what they test). Returns the file it loaded,
 * or undefined.
 */
export function loadDotEnv(from: string = process.cwd()): string | undefined {
  if (process.env.DOTENV === "off") return undefined;
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, ".env");
    if (existsSync(file)) {
      for (const [key, value] of Object.entries(parseEnv(readFileSync(file, "utf8")))) {
        if (process.env[key] === undefined) process.env[key] = value;
      }
      return file;
    }
    if (existsSync(join(dir, "pnpm-workspace.yaml")) || dirname(dir) === dir) return undefined;
  }
}
