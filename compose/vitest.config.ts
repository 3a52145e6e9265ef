import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Each file drives a real compose stack: one at a time, with room for image builds and starts.
export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(new URL("./src/compose-setup.ts", import.meta.url))],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 600_000,
  },
});
