import { contractVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test:contract`: the package as npm installs it (see test/installed-package.contract.test.ts).
export default contractVitestConfig();
