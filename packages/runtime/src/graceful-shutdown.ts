import type { Logger } from "./logger.js";

/**
 * On SIGTERM or SIGINT, runs `close` once (it should let in-flight work finish), then exits 0.
 * If `close` takes longer than `timeoutMs` or throws, exits 1. Another SIGTERM while closing
 * changes nothing (orchestrators may send several; only SIGKILL or the timeout cut in-flight
 * work short); a second SIGINT (Ctrl-C pressed again at a terminal) exits at once with 130.
 */
export function onShutdownSignal(logger: Logger, timeoutMs: number, close: () => Promise<void>): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      if (signal === "SIGINT") {
        logger.warn({ signal }, "second interrupt: exiting now, abandoning in-flight work");
        process.exit(130);
      }
      logger.info({ signal }, "already shutting down: still finishing in-flight work");
      return;
    }
    closing = true;
    logger.info({ signal, timeoutMs }, "shutting down: finishing in-flight work");
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown timed out");
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info("shut down cleanly");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
