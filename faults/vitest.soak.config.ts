import { dispatcherVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test:soak`: one long run (SOAK_MINUTES, default 30), not part of CI.
export default dispatcherVitestConfig({
  include: ["soak/**/*.test.ts"],
  testTimeout: 4 * 60 * 60_000,
  hookTimeout: 120_000,
});
