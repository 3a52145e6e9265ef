/**
 * A phone number as logs, audit events and error answers may show it: the first six characters
 * (the `+`, the country code and the start of the national number), `***`, and the last four
 * (`+905551234567` → `+90555***4567`). A text of ten characters or fewer shows only its first
 * three and `***`, so no short number is shown whole.
 */
export function maskNumber(number: string): string {
  if (number.length <= 10) return `${number.slice(0, 3)}***`;
  return `${number.slice(0, 6)}***${number.slice(-4)}`;
}
