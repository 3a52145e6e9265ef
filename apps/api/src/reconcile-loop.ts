import type { Logger } from "@dispatcher/config";
import { type DispatcherControlDeps, reconcileDispatcher } from "@dispatcher/queue";

/**
 * Every `intervalMs`, re-applies the state stored in Postgres to Redis, so a Redis that lost its
 * data (or a stop/start that half-failed) is back within one interval. Errors are logged and the
 * loop goes on. Returns a function that stops the loop and waits for a running pass.
 */
export function startReconcileLoop(
  deps: DispatcherControlDeps & { logger: Logger },
  intervalMs: number,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = reconcileDispatcher(deps).then(
      (changed) => {
        if (changed) deps.logger.warn("Redis had drifted from the stored dispatcher state; re-applied it");
      },
      (error: unknown) => deps.logger.error({ err: error }, "could not reconcile the dispatcher state"),
    );
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
