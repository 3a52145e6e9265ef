import type { Logger } from "./logger.js";

/**
 * On SIGTERM or SIGINT, runs `close` once (it should let in-flight work finish), then exits 0.
 * If `close` takes longer than `timeoutMs` or throws, exits 1. A second signal exits at once.
 */
export function onShutdownSignal(logger: Logger, timeoutMs: number, close: () => Promise<void>): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
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
