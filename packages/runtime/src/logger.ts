import { type Logger, type LoggerOptions, pino } from "pino";
import { LOG_SERIALIZERS } from "./log-serializers.js";

export type { Logger };

/**
 * Paths pino replaces with "[redacted]" wherever a log line carries them: credentials in request
 * or response headers. The app never logs headers today; this is the guard if one ever does.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  'req.headers["x-signature"]',
  'req.headers["x-ins-auth-key"]',
  "req.headers.cookie",
  "headers.authorization",
  'headers["x-api-key"]',
  "*.headers.authorization",
  '*.headers["x-api-key"]',
];

/**
 * How lines reach stdout: asynchronously, gathered into writes of about 4 KB, and written at least
 * every 100 ms; a busy worker makes one write per dozen lines instead of one per line. Pino
 * flushes what is left when the process exits; a process killed by a signal it does not handle
 * (SIGKILL, or SIGTERM before its shutdown handler is installed) loses at most its last 100 ms of
 * lines.
 */
const STDOUT_BUFFERING = { dest: 1, sync: false, minLength: 4096, periodicFlush: 100 } as const;

let stdout: pino.DestinationStream | undefined;

/** The process's one buffered stdout stream, shared by every logger it creates. */
function stdoutDestination(): pino.DestinationStream {
  stdout ??= pino.destination(STDOUT_BUFFERING);
  return stdout;
}

/**
 * A pino JSON logger for one process: ISO-8601 times (`"time":"2026-11-29T10:00:00.000Z"`),
 * credentials redacted (REDACTED_PATHS), requests and errors without numbers or row values
 * (LOG_SERIALIZERS), written to stdout in buffered writes (STDOUT_BUFFERING).
 * Pretty-printed only when stdout is a terminal, so logs piped to a collector stay one JSON object
 * per line. `destination` is for tests that read the lines.
 */
export function createLogger(options: {
  name: string;
  level: string;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const base: LoggerOptions = {
    name: options.name,
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    serializers: LOG_SERIALIZERS,
  };
  if (options.destination) return pino(base, options.destination as pino.DestinationStream);
  if (!pretty) return pino(base, stdoutDestination());
  return pino({
    ...base,
    transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
  });
}
