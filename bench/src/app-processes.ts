import { createHash, randomBytes } from "node:crypto";
import { type ListeningApp, type SpawnedApp, startApi, startWorker } from "@dispatcher/testing";

// The bench's settings for the app processes it starts through @dispatcher/testing's launcher.

export interface BenchWorkerOptions {
  name: string;
  /** Entry point relative to the repo root; default the real worker. */
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

/** Starts one worker process with the given settings, everything else at its default. */
export async function startBenchWorker(options: BenchWorkerOptions): Promise<SpawnedApp> {
  return startWorker(
    options.name,
    {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.prefix,
      PROVIDER_URL: options.providerUrl,
      WORKER_CONCURRENCY: String(options.concurrency),
      LOG_LEVEL: options.logLevel,
      ...options.env,
    },
    options.entry,
  );
}

export interface BenchApiOptions {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  logLevel: string;
  /** Extra environment. */
  env?: Record<string, string>;
}

/** A started API process and the key it takes (`Authorization: Bearer <apiKey>`, as `bench`, admin). */
export interface BenchApi extends ListeningApp {
  apiKey: string;
}

/**
 * Starts one API process with auth on (one fresh key, API_KEYS `bench`), everything else at its
 * default (the rate limit's, 6,000 a minute per key, lets one client send the transactional
 * lane's default 50 a second).
 */
export async function startBenchApi(options: BenchApiOptions): Promise<BenchApi> {
  const apiKey = randomBytes(24).toString("base64url");
  const started = await startApi("api", {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    LOG_LEVEL: options.logLevel,
    API_KEYS: `bench:${createHash("sha256").update(apiKey).digest("hex")}`,
    ...options.env,
  });
  return { ...started, apiKey };
}
