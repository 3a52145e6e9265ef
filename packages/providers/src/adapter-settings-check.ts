import { ADAPTER_KINDS } from "./adapters/index.js";
import { checkSettings } from "./provider-settings.js";

/**
 * The adapter kinds this package builds, and the check of each kind's own settings in a PROVIDERS
 * entry (every problem as `field message`, defaults filled in): what the config's loaders take.
 */
export const ADAPTER_SETTINGS_CHECK = {
  kinds: Object.keys(ADAPTER_KINDS),
  check: (kind: string, settings: Record<string, unknown>): string[] => {
    const adapter = ADAPTER_KINDS[kind];
    return adapter ? checkSettings(adapter.settings, settings) : [`kind ${kind} has no adapter`];
  },
};
