import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The monorepo root, for locating each app's entry point. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Each app's entry point, from the repo root: how tests, the fault suite and the bench start one. */
export const APP_ENTRY = {
  api: "apps/api/src/main.ts",
  migrate: "apps/api/src/migrate-main.ts",
  worker: "apps/worker/src/main.ts",
  "mock-provider": "apps/mock-provider/src/main.ts",
} as const;

export interface SpawnOptions {
  /** Start from this process's whole environment (`pnpm start`) rather than a minimal one (tests). */
  inheritEnv?: boolean;
  /** Hears each line of output instead of it being kept (a stack that runs for hours). */
  onLine?: (line: string) => void;
  /** Restart the process when a source file it uses changes (`tsx watch`, for `pnpm dev`). */
  watch?: boolean;
}

export interface SpawnedApp {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far ("" when `onLine` hears it instead). */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<number | string>;
}

/**
 * Starts a real process of this repo (`relativeEntry` from the repo root, one of APP_ENTRY or a
 * bench entry, run with tsx under the same Node as the caller) with `env` on top of a minimal
 * environment (or the whole one, see SpawnOptions). Output is kept for asserts unless `onLine`
 * takes it.
 */
export function spawnApp(
  name: string,
  relativeEntry: string,
  env: Record<string, string>,
  options: SpawnOptions = {},
): SpawnedApp {
  const entry = `${REPO_ROOT}${relativeEntry}`;
  const cwd = entry.slice(0, entry.indexOf("/src/"));
  const args = options.watch
    ? [
        createRequire(`${REPO_ROOT}package.json`).resolve("tsx/cli"),
        "watch",
        "--clear-screen=false",
        ...telemetryImport(entry),
        entry,
      ]
    : ["--import", "tsx", ...telemetryImport(entry), entry];
  const base = options.inheritEnv ? process.env : { PATH: process.env.PATH ?? "" };
  const child = spawn(process.execPath, args, {
    cwd,
    // Tests see only what they pass; `pnpm start` lets each app read its nearest .env as usual.
    env: { ...base, LOG_PRETTY: "false", ...(options.inheritEnv ? {} : { DOTENV: "off" }), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    if (options.onLine) createInterface({ input: stream }).on("line", options.onLine);
    else {
      stream.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
    }
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return {
    name,
    child,
    output: () => output,
    exited,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * The api's and the worker's `--import` of their telemetry entry (src/telemetry.ts beside their
 * main.ts), as production runs them: it starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
function telemetryImport(entry: string): string[] {
  const telemetry = entry.replace(/\/main\.ts$/, "/telemetry.ts");
  return telemetry !== entry && existsSync(telemetry) ? ["--import", telemetry] : [];
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
