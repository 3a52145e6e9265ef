import { type Logger, type LoggerOptions, pino } from "pino";

export type { Logger };

/**
 * A pino JSON logger for one process. Pretty-printed only when stdout is a terminal,
 * so logs piped to a collector stay one JSON object per line.
 */
export function createLogger(options: { name: string; level: string; pretty?: boolean }): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const base: LoggerOptions = { name: options.name, level: options.level };
  if (!pretty) return pino(base);
  return pino({
    ...base,
    transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
  });
}
