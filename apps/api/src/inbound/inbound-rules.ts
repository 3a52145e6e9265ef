import { validateRecipient } from "@dispatcher/core";
import type { FieldError } from "../http/error-handler.js";

/** The longest inbound text taken, in characters (ten concatenated segments and more). */
export const INBOUND_TEXT_MAX_LENGTH = 1_600;

/** C0 and C1 control characters, but tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The problems of an inbound message, each naming its field as the provider calls it (`fields`):
 * the sender must be a valid E.164 phone number, and the text at most INBOUND_TEXT_MAX_LENGTH
 * characters with no control characters but tab and line breaks. Never repeats the values.
 */
export function validateInbound(
  message: { from: string; text: string },
  fields: { from: string; text: string },
): FieldError[] {
  const errors: FieldError[] = validateRecipient(message.from).map((e) => ({
    field: fields.from,
    message: e.message,
  }));
  if (CONTROL_CHARACTERS.test(message.text)) {
    errors.push({ field: fields.text, message: "must not contain control characters" });
  } else if ([...message.text].length > INBOUND_TEXT_MAX_LENGTH) {
    errors.push({ field: fields.text, message: `must be at most ${INBOUND_TEXT_MAX_LENGTH} characters` });
  }
  return errors;
}
