import { stripVTControlCharacters } from "node:util";
import { envalidErrorFormatter, type ReporterOptions } from "envalid";

/**
 * Settings that cannot be used. Its message lists every invalid or missing variable, as envalid
 * words them. The config package throws it and never exits: a process's boot prints it and exits
 * (see @dispatcher/runtime's bootProcess).
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * envalid's reporter for every loader here: a ConfigError naming each bad variable instead of an
 * exit, in plain text (envalid colours its words whether or not a terminal reads them; a log
 * collector would show the ANSI codes raw).
 */
export function throwConfigErrors<T>({ errors }: ReporterOptions<T>): void {
  if (Object.keys(errors).length === 0) return;
  let text = "";
  envalidErrorFormatter(errors, (output) => {
    text = stripVTControlCharacters(output);
  });
  throw new ConfigError(text);
}
