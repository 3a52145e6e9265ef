import { fileURLToPath } from "node:url";
import { defineConfig, type ViteUserConfig } from "vitest/config";

/**
 * The suite settings every package shares: the global setup that finds Postgres and Redis, and
 * timeouts sized for tests that start real processes on a 2-core machine.
 */
export function dispatcherVitestConfig(overrides: ViteUserConfig["test"] = {}): ViteUserConfig {
  return defineConfig({
    test: {
      globalSetup: [fileURLToPath(new URL("./global-setup.ts", import.meta.url))],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
