// `pnpm start`: runs the mock provider, the API and one worker together (after `pnpm migrate`),
// with each line of their logs prefixed by its name. Ctrl-C or SIGTERM stops all three gracefully.
// Unless PROVIDER_URL is set, the worker sends to the mock provider. `pnpm dev` runs the same
// with `--watch`: each process restarts when a source file it uses changes (tsx watch).
import { loadDotEnv } from "@dispatcher/config";
import { APP_ENTRY, REPO_ROOT, type SpawnedApp, spawnApp } from "@dispatcher/testing/spawn-app";

// Read first, so the children get .env's settings (LOG_PRETTY among them) through the environment.
loadDotEnv(REPO_ROOT);
const watch = process.argv.includes("--watch");
const pretty = process.stdout.isTTY === true;
const parts = [
  { name: "mock-provider", color: 35 },
  { name: "api", color: 36 },
  { name: "worker", color: 33 },
] as const;
const width = Math.max(...parts.map((p) => p.name.length));

let stopping = false;
const apps: SpawnedApp[] = parts.map((part) => {
  const label = pretty
    ? `\x1b[${part.color}m${part.name.padEnd(width)}\x1b[0m │ `
    : `${part.name.padEnd(width)} | `;
  const app = spawnApp(
    part.name,
    APP_ENTRY[part.name],
    { LOG_PRETTY: process.env.LOG_PRETTY ?? String(pretty) },
    { inheritEnv: true, watch, onLine: (line) => process.stdout.write(`${label}${line}\n`) },
  );
  app.exited.then((code) => {
    if (!stopping) {
      process.stdout.write(`${label}exited (${code}); stopping the others\n`);
      stop(typeof code === "number" ? code : 1);
    }
  });
  return app;
});

function stop(exitCode: number): void {
  stopping = true;
  Promise.all(apps.map((app) => app.stop("SIGTERM"))).then(() => process.exit(exitCode));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
