import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real HTTP on loopback; generous so a loaded CI machine does not flake.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
