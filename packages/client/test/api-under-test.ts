import { createHash } from "node:crypto";
import { createSandbox, type ListeningApp, type Sandbox, startApi, stopAll } from "@dispatcher/testing";
import { afterAll, beforeAll, inject } from "vitest";

/** An API process the file's tests call, on a sandbox of its own (set once beforeAll ran). */
export interface ApiUnderTest {
  sandbox: Sandbox;
  api: ListeningApp;
}

/**
 * Starts, before the file's tests, an API process that takes `key` (named `ops`, admin), with
 * AUTO_START off, `env` on top, and its own database and queue prefix (named from `label`);
 * stops it and drops them after. Read the fields inside tests and hooks, not at import.
 */
export function useApiUnderTest(options: {
  label: string;
  key: string;
  env?: Record<string, string>;
}): ApiUnderTest {
  const running = {} as ApiUnderTest;
  beforeAll(async () => {
    running.sandbox = await createSandbox({
      postgresUrl: inject("databaseUrl"),
      redis: inject("redisUrl"),
      label: options.label,
    });
    running.api = await startApi("api", {
      DATABASE_URL: running.sandbox.databaseUrl,
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: running.sandbox.prefix,
      AUTO_START: "false",
      API_KEYS: `ops:${createHash("sha256").update(options.key).digest("hex")}`,
      LOG_LEVEL: "warn",
      ...options.env,
    });
  });
  afterAll(async () => {
    await stopAll([running.api?.app].filter(Boolean) as never);
    await running.sandbox?.cleanup();
  });
  return running;
}
