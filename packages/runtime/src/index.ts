/**
 * @dispatcher/runtime: what every process does around its work: the common boot (bootProcess),
 * the logger, the checks that refuse to start without Postgres, Redis or a safe Redis, and the
 * graceful shutdown. These are the only functions that exit the process.
 */
export { bootProcess } from "./boot.js";
export { onShutdownSignal } from "./graceful-shutdown.js";
export { createLogger, type Logger } from "./logger.js";
export { redactUrl, requireNoEviction, requireReachable } from "./startup-check.js";
export { exitIfVersionRequested, readVersion } from "./version.js";
