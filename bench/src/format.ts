/** `12345.6` → `12,346`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A number with `digits` decimals and thousands separators, e.g. `1,234.5`. */
export function dec(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Milliseconds, with more decimals for small values: `0.42 ms`, `12.3 ms`, `1,234 ms`. */
export function ms(n: number): string {
  if (n < 1) return `${dec(n, 2)} ms`;
  if (n < 100) return `${dec(n, 1)} ms`;
  return `${int(n)} ms`;
}

/** Bytes as MiB: `123.4 MiB`. */
export function mib(bytes: number): string {
  return `${dec(bytes / 1024 / 1024, 1)} MiB`;
}

/** A share as a percentage: `0.437` → `43.7%`. */
export function pct(share: number): string {
  return `${dec(share * 100, 1)}%`;
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
