import type { CountryRules } from "@dispatcher/core";
import { type Db, getProtection } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";

/** The countries' rules as this worker applies them (see createCountryRules). */
export interface CountryRulesView {
  /** The rules last read; the first call waits for the first read. */
  current: () => Promise<CountryRules>;
  /** Stops reading them. */
  close: () => void;
}

/**
 * The stored country rules, read at once and then every `refreshMs`, so a change made through
 * the API applies to every send within one refresh. A failed read keeps the rules last read (and
 * is logged); until a first read succeeds, each call reads them itself, so no message is sent
 * under rules the worker has not seen.
 */
export function createCountryRules(db: Db, options: { refreshMs: number; logger: Logger }): CountryRulesView {
  let rules: CountryRules | undefined;
  const read = async () => {
    rules = (await getProtection(db)).countries;
    return rules;
  };
  const refresh = () =>
    read().catch((error: unknown) => {
      options.logger.warn({ err: error }, "could not read the country rules; keeping the last ones read");
    });
  void refresh();
  const timer = setInterval(refresh, options.refreshMs);
  timer.unref();
  return {
    current: async () => rules ?? read(),
    close: () => clearInterval(timer),
  };
}
