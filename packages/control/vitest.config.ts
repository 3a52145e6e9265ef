import { dispatcherVitestConfig } from "@dispatcher/testing/vitest-config";

export default dispatcherVitestConfig();
