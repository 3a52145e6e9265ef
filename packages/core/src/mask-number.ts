/**
 * A phone number as logs and operators may see it: its first 6 characters (the `+` included),
 * `***`, and its last 4, so `+905551234567` is `+90555***4567`. A number too short to hide at
 * least 3 digits that way (under 13 characters) keeps its first 3 and last 2 characters instead
 * (`+4930123456` is `+49***56`). Any other text is masked the same way, character by character.
 */
export function maskNumber(number: string): string {
  if (number.length >= 13) return `${number.slice(0, 6)}***${number.slice(-4)}`;
  if (number.length >= 6) return `${number.slice(0, 3)}***${number.slice(-2)}`;
  return "***";
}
