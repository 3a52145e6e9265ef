/** The longest error text stored in `last_error` and `attempt_errors`, in characters. */
export const ERROR_TEXT_MAX_LENGTH = 1_000;

/** The longest provider message id stored, in characters; real ids are far shorter. */
export const PROVIDER_MESSAGE_ID_MAX_LENGTH = 255;

// C0 controls except tab, newline and carriage return; DEL and C1 controls; lone surrogates.
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `value` made safe for a Postgres `text` column and a log line: control characters (NUL among
 * them, which Postgres refuses) are written as `\uXXXX` escapes, lone surrogates as U+FFFD, and
 * the result is cut to `maxLength` characters (code points), ending in `…` when cut. Text from
 * outside (a provider's answer, say) goes through this before any SQL.
 */
export function storableText(value: string, maxLength: number): string {
  const escaped = value.replace(UNSTORABLE, (c) =>
    c.length === 1 && c >= "\uD800" && c <= "\uDFFF"
      ? "\uFFFD"
      : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const chars = [...escaped];
  return chars.length <= maxLength ? escaped : `${chars.slice(0, maxLength - 1).join("")}…`;
}
