import { maskNumber } from "./mask-number.js";

/**
 * A run of 7 to 15 digits, the digits of an E.164 number, optionally after a `+` (raw or
 * percent-encoded as `%2B`, or a space, which a query string makes of a raw `+`), and not inside
 * a longer run of digits.
 */
const NUMBER_LIKE = /(\+|%2B)?(?<!\d)([1-9]\d{6,14})(?!\d)/gi;

/**
 * `text` with every run of digits that could be a phone number masked (see maskNumber): for text
 * that may carry a number no one told us, such as a request's URL (`/opt-outs/+905551234567`,
 * `?to=%2B905551234567`) or a provider's error. Longer or shorter runs of digits are left alone.
 */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_LIKE, (_match, plus: string | undefined, digits: string) => {
    const masked = maskNumber(`+${digits}`).slice(1);
    return `${plus ?? ""}${masked}`;
  });
}

/** The shortest content scrubMessageText replaces: a shorter one could match unrelated text. */
export const SCRUBBED_CONTENT_MIN_LENGTH = 8;

/**
 * `text` (a provider's answer, an error) without `message`'s recipient or content: the recipient
 * masked wherever it appears, with or without its `+`, the content (from
 * SCRUBBED_CONTENT_MIN_LENGTH characters, also as JSON would escape it) replaced by `[content]`,
 * and any other number-like run of digits masked (maskNumbersIn). What may be logged, traced or
 * kept after erasure of text that echoes a message.
 */
export function scrubMessageText(text: string, message: { to: string; content: string }): string {
  let scrubbed = text;
  if (message.content.length >= SCRUBBED_CONTENT_MIN_LENGTH) {
    const escaped = JSON.stringify(message.content).slice(1, -1);
    for (const form of new Set([message.content, escaped])) scrubbed = scrubbed.split(form).join("[content]");
  }
  return maskNumbersIn(scrubbed);
}
