// `pnpm start`: runs the mock provider, the API and one worker together (after `pnpm migrate`),
// with each line of their logs prefixed by its name. Ctrl-C or SIGTERM stops all three gracefully.
// Unless PROVIDER_URL is set, the worker sends to the mock provider. `pnpm dev` runs the same
// with `--watch`: each process restarts when a source file it uses changes (tsx watch).
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { loadDotEnv } from "@dispatcher/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// Read first, so the children get .env's settings (LOG_PRETTY among them) through the environment.
loadDotEnv(root);
const watch = process.argv.includes("--watch");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const pretty = process.stdout.isTTY === true;
const parts = [
  { name: "mock-provider", dir: "apps/mock-provider", color: 35 },
  { name: "api", dir: "apps/api", color: 36 },
  { name: "worker", dir: "apps/worker", color: 33 },
];
const width = Math.max(...parts.map((p) => p.name.length));

const children: ChildProcess[] = parts.map((part) => {
  const args = watch
    ? [tsxCli, "watch", "--clear-screen=false", "src/main.ts"]
    : ["--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, args, {
    cwd: `${root}${part.dir}`,
    env: { ...process.env, LOG_PRETTY: process.env.LOG_PRETTY ?? String(pretty) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = pretty
    ? `\x1b[${part.color}m${part.name.padEnd(width)}\x1b[0m │ `
    : `${part.name.padEnd(width)} | `;
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${label}${line}\n`));
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      process.stdout.write(`${label}exited (${code ?? signal}); stopping the others\n`);
      stop(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stop(exitCode: number): void {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null))).then(
    () => process.exit(exitCode),
  );
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
