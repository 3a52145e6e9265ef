import { stripVTControlCharacters } from "node:util";
import { envalidErrorFormatter, type ReporterOptions } from "envalid";

/** Control characters but newline and tab, which a message may carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Settings that cannot be used. Its message lists every invalid or missing variable, in plain
 * text: terminal escape sequences are dropped and other control characters written as `\uXXXX`
 * (a setting's value may carry them into the message, and a log collector shows them raw). The
 * config package throws it and never exits: a process's boot prints it and exits (see
 * @dispatcher/runtime's bootProcess).
 */
export class ConfigError extends Error {
  constructor(message: string) {
    const plain = stripVTControlCharacters(message);
    super(plain.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
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
    text = output;
  });
  throw new ConfigError(text);
}
