import { contractVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test:contract`: the checks against outside tools (see contractVitestConfig).
export default contractVitestConfig();
