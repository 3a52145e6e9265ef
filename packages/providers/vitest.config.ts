import { dispatcherVitestConfig } from "@dispatcher/test-setup/vitest-config";

export default dispatcherVitestConfig();
