// Money as decimal strings (as Postgres `numeric` reads) and integer micro-units for arithmetic:
// never binary floats for amounts that are summed or compared.

/** Decimal places money keeps (numeric(20, 6) in Postgres). */
export const MONEY_DECIMALS = 6;

const MONEY_PATTERN = /^(\d{1,14})(?:\.(\d{1,6}))?$/;

/** Whether `text` is a non-negative amount with at most 14 integer digits and 6 decimals (`0.0450`, `12`). */
export function isMoney(text: string): boolean {
  return MONEY_PATTERN.test(text);
}

/** An amount in micro-units (1 = 0.000001); throws on text isMoney refuses (Postgres' trailing zeros allowed). */
export function toMicros(text: string): bigint {
  const match = MONEY_PATTERN.exec(text);
  if (!match) throw new Error(`not an amount: ${text}`);
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? "").padEnd(MONEY_DECIMALS, "0"));
}

/** Micro-units as a decimal string without trailing zeros (`45000n` → `0.045`, `2000000n` → `2`). */
export function fromMicros(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(MONEY_DECIMALS, "0").replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A stored amount (`0.045000`) written as fromMicros writes it (`0.045`); null stays null. */
export function normalMoney(text: string | null): string | null {
  return text === null ? null : fromMicros(toMicros(text));
}
