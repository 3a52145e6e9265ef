import { ConfigError, loadDotEnv } from "@dispatcher/config";
import { createLogger, type Logger } from "./logger.js";
import { exitIfVersionRequested } from "./version.js";

/** The settings every process's config has, for its logger. */
interface LogSettings {
  LOG_LEVEL: string;
  LOG_PRETTY: boolean;
}

/**
 * The start every process shares: `--version` answered (prints the version of the package.json
 * at `packageJson` and exits 0), the nearest `.env` loaded, the settings parsed by `loadConfig`
 * (a ConfigError is printed, naming every bad variable, and the process exits 1), and the logger
 * made, named `name`.
 */
export function bootProcess<C extends LogSettings>(options: {
  name: string;
  packageJson: URL;
  loadConfig: () => C;
}): { config: C; logger: Logger } {
  exitIfVersionRequested(options.packageJson);
  loadDotEnv();
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n\n${options.name} cannot start with these settings.\n`);
    process.exit(1);
  }
  const logger = createLogger({ name: options.name, level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
  return { config, logger };
}
