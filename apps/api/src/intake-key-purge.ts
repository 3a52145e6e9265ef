import { type Db, purgeExpiredIntakeKeys } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";

/** Keys deleted per statement, so a purge never holds many row locks at once. */
const PURGE_BATCH = 1_000;

/**
 * Every `intervalMs`, deletes the intake Idempotency-Keys older than `ttlMs` (see
 * purgeExpiredIntakeKeys), PURGE_BATCH per statement until a statement finds fewer. Several API
 * instances may purge at once. Errors are logged and the next pass tries again. Returns a
 * function that stops the purge and waits for a running pass.
 */
export function startIntakeKeyPurge(
  deps: { db: Db; logger: Logger },
  options: { ttlMs: number; intervalMs: number },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const pass = async () => {
    let deleted = 0;
    for (;;) {
      const n = await purgeExpiredIntakeKeys(deps.db, options.ttlMs, PURGE_BATCH);
      deleted += n;
      if (n < PURGE_BATCH || stopped) break;
    }
    if (deleted > 0) deps.logger.info({ deleted }, "expired intake Idempotency-Keys deleted");
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .catch((error: unknown) => deps.logger.warn({ err: error }, "could not delete expired intake keys"))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  schedule();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
