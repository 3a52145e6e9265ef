import { type Db, expireDue } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { inBatches, startPeriodic } from "./periodic.js";

/** Messages expired per statement. */
const EXPIRY_BATCH = 1_000;

/**
 * Every `intervalMs`, ends the pending messages past their `expiresAt` as `expired` (see
 * expireDue), EXPIRY_BATCH per statement until a statement finds fewer, whether the dispatcher
 * runs or not: a stopped dispatcher's list shows them expired too. Several API instances may run
 * it at once. Returns a function that stops it and waits for a running pass.
 */
export function startMessageExpiry(
  deps: { db: Db; logger: Logger },
  options: { intervalMs: number },
): () => Promise<void> {
  return startPeriodic(
    { intervalMs: options.intervalMs, logger: deps.logger, failure: "could not expire messages" },
    async () => {
      const expired = await inBatches(
        EXPIRY_BATCH,
        async (limit) => (await expireDue(deps.db, limit)).length,
      );
      if (expired > 0) deps.logger.info({ expired }, "messages expired unsent");
    },
  );
}
