import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Why a message may not be stored or sent. `field` is `to` or `content`. */
export interface MessageInputError {
  field: "to" | "content";
  message: string;
}

/** Whether `code` is an ISO 3166-1 alpha-2 country code with phone numbering (`TR`, `DE`, …). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/**
 * The application's rules for a message, stricter than the database's CHECK constraints:
 * - `to` is a valid phone number written in E.164 (`+` and digits only), per libphonenumber's
 *   full metadata (country code, length and number ranges), and, when `allowedCountries` is not
 *   empty (ALLOWED_COUNTRIES), a number of one of those countries (a non-geographic number,
 *   such as +800, belongs to none);
 * - `content` has at least one non-space character, no NUL, and at most `maxLength` characters
 *   (Unicode code points, as Postgres' char_length counts them).
 * Returns every error found; empty when the message is acceptable.
 */
export function validateMessageInput(
  input: { to: string; content: string },
  maxLength: number,
  allowedCountries: readonly string[] = [],
): MessageInputError[] {
  const errors: MessageInputError[] = [];
  const e164 = /^\+[1-9]\d{6,14}$/.test(input.to);
  const number = e164 ? parsePhoneNumberFromString(input.to) : undefined;
  if (!e164) {
    errors.push({ field: "to", message: "must be an E.164 phone number such as +905551111111" });
  } else if (!number?.isValid()) {
    errors.push({ field: "to", message: "is not a valid phone number" });
  } else if (allowedCountries.length > 0 && !allowedCountries.includes(number.country ?? "")) {
    errors.push({
      field: "to",
      message: `is a number of ${number.country ?? "no country"}, and only ${allowedCountries.join(", ")} may be sent to (ALLOWED_COUNTRIES)`,
    });
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
