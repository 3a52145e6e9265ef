import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig, type ViteUserConfig } from "vitest/config";

/**
 * Test files that check the project against outside tools (a real browser, Prometheus's
 * promtool): `pnpm test:contract` runs them (contractVitestConfig), `pnpm test` leaves them out,
 * so it needs only Postgres and Redis.
 */
const CONTRACT_TESTS = "test/**/*.contract.test.ts";

/**
 * Test files that build tables of millions of rows (minutes and gigabytes): `pnpm test:scale`
 * runs them (scaleVitestConfig), `pnpm test` leaves them out.
 */
const SCALE_TESTS = "test/**/*.scale.test.ts";

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
      exclude: [...configDefaults.exclude, CONTRACT_TESTS, SCALE_TESTS],
      ...overrides,
    },
  });
}

/** The package's contract tests only (see CONTRACT_TESTS), with the shared settings. */
export function contractVitestConfig(): ViteUserConfig {
  return dispatcherVitestConfig({ include: [CONTRACT_TESTS], exclude: [...configDefaults.exclude] });
}

/** The package's scale tests only (see SCALE_TESTS): one file at a time, with timeouts sized for building such tables. */
export function scaleVitestConfig(): ViteUserConfig {
  return dispatcherVitestConfig({
    include: [SCALE_TESTS],
    exclude: [...configDefaults.exclude],
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
  });
}
