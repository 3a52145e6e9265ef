import { dispatcherVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test`: the release checks of scripts/release (pure; the contract tests are left out).
export default dispatcherVitestConfig();
