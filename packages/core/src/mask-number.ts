/**
 * A phone number as logs and audit details may show it: its country code and first digits, three
 * asterisks and its last four digits (`+905551234567` → `+90555***4567`). At least three digits
 * are always hidden, and a short number shows fewer at each end; anything that is not `+` and
 * digits shows as `***`, so no text given in place of a number is ever repeated.
 */
export function maskNumber(number: string): string {
  const match = /^(\+?)(\d+)$/.exec(number);
  if (!match) return "***";
  const [, plus, digits] = match as unknown as [string, string, string];
  const shown = Math.max(0, digits.length - 3);
  const tail = Math.min(4, Math.floor(shown / 2));
  const head = Math.min(5, shown - tail);
  return `${plus}${digits.slice(0, head)}***${tail > 0 ? digits.slice(-tail) : ""}`;
}
