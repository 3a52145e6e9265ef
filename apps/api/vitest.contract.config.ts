import { contractVitestConfig } from "@dispatcher/testing/vitest-config";

// `pnpm test:contract`: the checks against outside tools (see contractVitestConfig).
export default contractVitestConfig();
