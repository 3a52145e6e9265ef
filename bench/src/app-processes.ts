import { setTimeout as sleep } from "node:timers/promises";
import { APP_ENTRY, freePort, type SpawnedApp, spawnApp } from "@dispatcher/testing";

/** The real worker's entry point, relative to the repo root. */
export const WORKER_ENTRY = APP_ENTRY.worker;

/** A spawned mock provider and where it listens. */
export interface MockProviderProcess {
  app: SpawnedApp;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The provider endpoint the workers POST to: `<baseUrl>/messages`. */
  messagesUrl: string;
}

/** What the mock provider counted (see its `GET /messages`). */
export interface ProviderCounters {
  requests: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/**
 * Starts `apps/mock-provider` on a free loopback port with no latency and no failures, logging
 * warnings only (it stands in for a remote provider, so its logging is not the app's cost).
 */
export async function startMockProvider(): Promise<MockProviderProcess> {
  const port = await freePort();
  const app = spawnApp("mock-provider", APP_ENTRY["mock-provider"], {
    MOCK_PROVIDER_HOST: "127.0.0.1",
    MOCK_PROVIDER_PORT: String(port),
    MOCK_PROVIDER_LATENCY_MS: "0",
    LOG_LEVEL: "warn",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(app, `${baseUrl}/health`);
  return { app, baseUrl, messagesUrl: `${baseUrl}/messages` };
}

/** The mock provider's counters (its `GET /messages` also lists every record; only the counters are kept). */
export async function providerCounters(provider: MockProviderProcess): Promise<ProviderCounters> {
  const response = await fetch(provider.messagesUrl);
  if (!response.ok) throw new Error(`mock provider GET /messages answered ${response.status}`);
  const body = (await response.json()) as { counters: ProviderCounters };
  return body.counters;
}

export interface WorkerProcessOptions {
  name: string;
  /** Entry point relative to the repo root; default the real worker (WORKER_ENTRY). */
  entry?: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  providerUrl: string;
  /** WORKER_CONCURRENCY. */
  concurrency: number;
  logLevel: string;
  /** Extra environment (e.g. NODE_OPTIONS). */
  env?: Record<string, string>;
}

/**
 * Starts one worker process with the given settings (metrics on a free port, everything else at
 * its default) and resolves once it logged "worker started".
 */
export async function startWorker(options: WorkerProcessOptions): Promise<SpawnedApp> {
  const app = spawnApp(options.name, options.entry ?? WORKER_ENTRY, {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    PROVIDER_URL: options.providerUrl,
    WORKER_CONCURRENCY: String(options.concurrency),
    WORKER_METRICS_PORT: "0",
    WORKER_METRICS_HOST: "127.0.0.1",
    LOG_LEVEL: options.logLevel,
    ...options.env,
  });
  await waitForOutput(app, '"worker started"');
  return app;
}

export interface ApiProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** One API_KEYS entry, `name:sha256hex`. */
  apiKeyEntry: string;
  rateLimitMax: number;
  logLevel: string;
}

/** Starts `apps/api` on a free loopback port with AUTO_START off; resolves once `/health` answers 200. */
export async function startApi(options: ApiProcessOptions): Promise<{ app: SpawnedApp; baseUrl: string }> {
  const port = await freePort();
  const app = spawnApp("api", APP_ENTRY.api, {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    API_HOST: "127.0.0.1",
    API_PORT: String(port),
    AUTO_START: "false",
    API_KEYS: options.apiKeyEntry,
    RATE_LIMIT_MAX: String(options.rateLimitMax),
    LOG_LEVEL: options.logLevel,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(app, `${baseUrl}/health`);
  return { app, baseUrl };
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
export async function waitForOutput(app: SpawnedApp, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!app.output().includes(text)) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`${app.name} exited before "${text}":\n${outputTail(app)}`);
    }
    if (Date.now() > deadline) throw new Error(`${app.name} did not print "${text}":\n${outputTail(app)}`);
    await sleep(50);
  }
}

/** Resolves once `url` answers 200; rejects if the process exits first or after `timeoutMs`. */
export async function waitForHttp(app: SpawnedApp, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`${app.name} exited before ${url} answered:\n${outputTail(app)}`);
    }
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
