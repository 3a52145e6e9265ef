import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Why a message may not be stored or sent. `field` is `to` or `content`. */
export interface MessageInputError {
  field: "to" | "content";
  message: string;
}

/**
 * The application's rules for a message, stricter than the database's CHECK constraints:
 * - `to` is a valid phone number written in E.164 (`+` and digits only), per libphonenumber's
 *   full metadata (country code, length and number ranges);
 * - `content` has at least one non-space character, no NUL, and at most `maxLength` characters
 *   (Unicode code points, as Postgres' char_length counts them).
 * Returns every error found; empty when the message is acceptable.
 */
export function validateMessageInput(
  input: { to: string; content: string },
  maxLength: number,
): MessageInputError[] {
  const errors: MessageInputError[] = [];
  if (!/^\+[1-9]\d{6,14}$/.test(input.to)) {
    errors.push({ field: "to", message: "must be an E.164 phone number such as +905551111111" });
  } else if (!parsePhoneNumberFromString(input.to)?.isValid()) {
    errors.push({ field: "to", message: "is not a valid phone number" });
  }
  const length = [...input.content].length;
  if (input.content.includes("\u0000")) {
    // Postgres text cannot hold NUL; refuse it here instead of failing the insert.
    errors.push({ field: "content", message: "must not contain NUL (\\u0000) characters" });
  } else if (input.content.trim().length === 0) {
    errors.push({ field: "content", message: "must not be empty" });
  } else if (length > maxLength) {
    errors.push({ field: "content", message: `must be at most ${maxLength} characters (got ${length})` });
  }
  return errors;
}
