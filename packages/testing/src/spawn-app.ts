import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
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

export interface SpawnedApp {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string>;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<number | string>;
}

/**
 * Starts a real process of this repo (`relativeEntry` from the repo root, one of APP_ENTRY or a
 * bench entry, run with tsx under the same Node as the tests) with `env` on top of a minimal
 * environment. Output is kept for asserts.
 */
export function spawnApp(name: string, relativeEntry: string, env: Record<string, string>): SpawnedApp {
  const entry = `${REPO_ROOT}${relativeEntry}`;
  const cwd = entry.slice(0, entry.indexOf("/src/"));
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd,
    env: { PATH: process.env.PATH ?? "", LOG_PRETTY: "false", DOTENV: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
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
