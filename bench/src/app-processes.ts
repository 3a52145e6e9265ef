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
  /** One API_KEYS entry, `name:sha256hex`. */
  apiKeyEntry: string;
  rateLimitMax: number;
  logLevel: string;
}

/** A fresh API key: the Bearer token, and its API_KEYS entry `bench:<sha256>`. */
export function benchApiKey(): { key: string; entry: string } {
  const key = randomBytes(24).toString("base64url");
  return { key, entry: `bench:${createHash("sha256").update(key).digest("hex")}` };
}

/** Starts an API process with AUTO_START off and the given key and rate limit. */
export async function startBenchApi(options: BenchApiOptions): Promise<ListeningApp> {
  return startApi("api", {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.prefix,
    AUTO_START: "false",
    API_KEYS: options.apiKeyEntry,
    RATE_LIMIT_MAX: String(options.rateLimitMax),
    LOG_LEVEL: options.logLevel,
  });
}
