import { setTimeout as sleep } from "node:timers/promises";
import { APP_ENTRY, freePort, type SpawnedApp, spawnApp } from "./spawn-app.js";

// The one way this repo's tests, fault suite and bench start the apps as real processes: each
// start resolves only once the process is ready (listening, or "worker started"), and rejects
// with the process's last output when it exits or stays silent first.

/** A started process that listens for HTTP, and where. */
export interface ListeningApp {
  app: SpawnedApp;
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
}

/** How long a process may take to become ready before its start is given up, in ms. */
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the mock provider on `port` (default a free one) of 127.0.0.1 with `env` on top of its
 * defaults (no latency, no failures) and warnings-only logging: it stands in for a remote provider. Its endpoint for the
 * workers' PROVIDER_URL is `<baseUrl>/messages`.
 */
export async function startMockProvider(
  env: Record<string, string> = {},
  port?: number,
): Promise<ListeningApp> {
  const listenOn = port ?? (await freePort());
  const app = spawnApp("mock-provider", APP_ENTRY["mock-provider"], {
    MOCK_PROVIDER_HOST: "127.0.0.1",
    MOCK_PROVIDER_PORT: String(listenOn),
    LOG_LEVEL: "warn",
    ...env,
  });
  return listening(app, listenOn);
}

/** Starts an API process named `name` with `env` on `port` (default a free one) of 127.0.0.1; resolves once `/health` answers 200. */
export async function startApi(
  name: string,
  env: Record<string, string>,
  port?: number,
): Promise<ListeningApp> {
  const listenOn = port ?? (await freePort());
  const app = spawnApp(name, APP_ENTRY.api, { ...env, API_HOST: "127.0.0.1", API_PORT: String(listenOn) });
  return listening(app, listenOn);
}

/**
 * Starts a worker process named `name` with `env` (its metrics port at 0 unless `env` sets one)
 * from `entry` (default the real worker; the bench runs instrumented ones); resolves once it
 * logged "worker started" (LOG_LEVEL info or lower).
 */
export async function startWorker(
  name: string,
  env: Record<string, string>,
  entry: string = APP_ENTRY.worker,
): Promise<SpawnedApp> {
  const app = spawnApp(name, entry, { WORKER_METRICS_PORT: "0", WORKER_METRICS_HOST: "127.0.0.1", ...env });
  await killUnlessReady(app, waitForOutput(app, '"worker started"'));
  return app;
}

/** Stops processes (SIGTERM, then SIGKILL after `graceMs`), all at once. */
export async function stopAll(apps: SpawnedApp[], graceMs = 35_000): Promise<void> {
  await Promise.all(
    apps.map(async (app) => {
      const killed = sleep(graceMs).then(() => app.stop("SIGKILL"));
      await Promise.race([app.stop("SIGTERM"), killed]);
    }),
  );
}

/** The last `chars` characters of a process's output, for error messages. */
export function outputTail(app: SpawnedApp, chars = 2_000): string {
  return app.output().slice(-chars);
}

/** Resolves once `text` appears in the process's output; rejects if it exits first or after `timeoutMs`. */
export async function waitForOutput(
  app: SpawnedApp,
  text: string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!app.output().includes(text)) {
    if (exited(app)) throw new Error(`${app.name} exited before "${text}":\n${outputTail(app)}`);
    if (Date.now() > deadline) throw new Error(`${app.name} did not print "${text}":\n${outputTail(app)}`);
    await sleep(50);
  }
}

/** Resolves once `url` answers 200; rejects if the process exits first or after `timeoutMs`. */
export async function waitForHttp(app: SpawnedApp, url: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(app)) throw new Error(`${app.name} exited before ${url} answered:\n${outputTail(app)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200:\n${outputTail(app)}`);
    await sleep(100);
  }
}

/** How many log lines of a process are warnings (pino level 40) and errors (50 and above). */
export function countLogIssues(app: SpawnedApp): { warnings: number; errors: number } {
  const output = app.output();
  return {
    warnings: output.match(/"level":40/g)?.length ?? 0,
    errors: output.match(/"level":(50|60)/g)?.length ?? 0,
  };
}

function exited(app: SpawnedApp): boolean {
  return app.child.exitCode !== null || app.child.signalCode !== null;
}

async function listening(app: SpawnedApp, port: number): Promise<ListeningApp> {
  const baseUrl = `http://127.0.0.1:${port}`;
  await killUnlessReady(app, waitForHttp(app, `${baseUrl}/health`));
  return { app, port, baseUrl };
}

/** Waits for `ready`; when it fails, kills the process (no one holds it yet) and rethrows. */
async function killUnlessReady(app: SpawnedApp, ready: Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    await app.stop("SIGKILL");
    throw error;
  }
}
