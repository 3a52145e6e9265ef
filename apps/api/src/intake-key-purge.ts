import { type Db, purgeExpiredIntakeKeys } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { inBatches, startPeriodic } from "./periodic.js";

/** Keys deleted per statement, so a purge never holds many row locks at once. */
const PURGE_BATCH = 1_000;

/**
 * Every `intervalMs`, deletes the intake Idempotency-Keys older than `ttlMs` (see
 * purgeExpiredIntakeKeys), PURGE_BATCH per statement until a statement finds fewer. Several API
 * instances may purge at once. Returns a function that stops the purge and waits for a running pass.
 */
export function startIntakeKeyPurge(
  deps: { db: Db; logger: Logger },
  options: { ttlMs: number; intervalMs: number },
): () => Promise<void> {
  return startPeriodic(
    { intervalMs: options.intervalMs, logger: deps.logger, failure: "could not delete expired intake keys" },
    async () => {
      const deleted = await inBatches(PURGE_BATCH, (limit) =>
        purgeExpiredIntakeKeys(deps.db, options.ttlMs, limit),
      );
      if (deleted > 0) deps.logger.info({ deleted }, "expired intake Idempotency-Keys deleted");
    },
  );
}
