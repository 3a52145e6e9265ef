import { scaleVitestConfig } from "@dispatcher/test-setup/vitest-config";

export default scaleVitestConfig();
