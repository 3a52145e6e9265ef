import { type SpawnedApp, startWorker } from "@dispatcher/testing";

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
