import { fileURLToPath } from "node:url";
import { dispatcherVitestConfig } from "@dispatcher/test-setup/vitest-config";

// Scenarios start real processes and break things on purpose: one at a time.
const config = dispatcherVitestConfig({
  include: ["test/**/*.test.ts"],
  fileParallelism: false,
  testTimeout: 240_000,
  hookTimeout: 120_000,
});
const test = config.test!;
test.globalSetup = [
  ...((test.globalSetup as string[] | undefined) ?? []),
  fileURLToPath(new URL("./src/faults-setup.ts", import.meta.url)),
];
export default config;
