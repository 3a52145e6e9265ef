import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { REPO_ROOT } from "@dispatcher/testing";

const exec = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command from the repository root; resolves with its exit code and output, never rejects.
 * The environment is the test process's without NODE_ENV (vitest sets it to `test`, and compose
 * would let it override the stack's own), plus `env`.
 */
export async function run(
  file: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await exec(file, args, {
      cwd: REPO_ROOT,
      env: { ...withoutNodeEnv(process.env), ...options.env },
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? String(error),
    };
  }
}

/**
 * The compose CLI this machine has: `docker compose` (v2) when its plugin is installed, else
 * Debian's `docker-compose` 1.29. Both read the same file the same way for what the suite uses.
 */
export async function composeCommand(): Promise<string[]> {
  if ((await run("docker", ["compose", "version"])).code === 0) return ["docker", "compose"];
  return ["docker-compose"];
}

function withoutNodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _ignored, ...rest } = env;
  return rest;
}
