/**
 * A credential read from the environment or a file (see PROVIDERS in docs/providers.md). It
 * prints as `[secret]` in logs, JSON and `util.inspect`, so a logged settings object never shows
 * it; `reveal()` is the only way to the value, and only the code that sends it calls it.
 */
export class Secret {
  readonly #value: string;

  /** `source` names where it came from (`env TWILIO_AUTH_TOKEN`), for error messages. */
  constructor(
    value: string,
    readonly source: string,
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[secret]";
  }

  toJSON(): string {
    return "[secret]";
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "[secret]";
  }
}
