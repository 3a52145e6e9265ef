import { type DispatcherControlDeps, reconcileDispatcher } from "@dispatcher/control";
import { recordProviderPauseCleared } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import { startPeriodic } from "./periodic.js";

/**
 * Every `intervalMs`, re-applies the state stored in Postgres to Redis (see reconcileDispatcher),
 * so a Redis that lost its data, a queue paused from the dashboard, a provider pause that an
 * operator's start raced with, or a change stored while Redis was down, is back within one
 * interval. Passes never overlap: the next one is scheduled when the last has ended. A pass
 * still running after `timeoutMs` is logged as stalled; it ends by itself, because each of its
 * Redis commands fails after the connection's commandTimeout and each Postgres statement after
 * statement_timeout, and the next pass is scheduled then. A pass holds no Postgres lock or
 * connection while it waits on Redis. Errors are logged and the loop goes on. Returns a function
 * that stops the loop and waits for a running pass.
 */
export function startReconcileLoop(
  deps: DispatcherControlDeps & { logger: Logger },
  options: { intervalMs: number; timeoutMs: number },
): () => Promise<void> {
  const pass = async () => {
    const { drift, clearedPauseMs, clearedBy } = await reconcileDispatcher(deps);
    // A pause an operator's start or stop raced with is theirs: the audit names them.
    if (clearedPauseMs > 0) await recordProviderPauseCleared(deps.db, clearedBy, clearedPauseMs);
    if (drift.length > 0)
      deps.logger.warn({ drift }, "Redis had drifted from the stored dispatcher state; re-applied it");
  };
  return startPeriodic(
    {
      intervalMs: options.intervalMs,
      logger: deps.logger,
      failure: "could not reconcile the dispatcher state",
      failureLevel: "error",
    },
    async () => {
      const started = Date.now();
      const watchdog = setTimeout(
        () =>
          deps.logger.error(
            { timeoutMs: options.timeoutMs },
            "a reconcile pass is stalled (Redis or Postgres not answering)",
          ),
        options.timeoutMs,
      );
      watchdog.unref();
      try {
        await pass();
      } finally {
        clearTimeout(watchdog);
        const tookMs = Date.now() - started;
        if (tookMs > options.timeoutMs) deps.logger.warn({ tookMs }, "a stalled reconcile pass ended");
      }
    },
  );
}
