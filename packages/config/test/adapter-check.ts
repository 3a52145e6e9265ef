import type { AdapterSettingsCheck } from "../src/index.js";

/**
 * The adapter kinds these tests configure: `webhook` and `other`, whose settings need a `url`
 * (the config knows no adapter; @dispatcher/providers checks the real kinds' fields).
 */
export const TEST_ADAPTERS: AdapterSettingsCheck = {
  kinds: ["webhook", "other"],
  check: (_kind, settings) => (typeof settings.url === "string" ? [] : ["url is required"]),
};
