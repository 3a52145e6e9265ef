import { EnvError, makeValidator } from "envalid";

/**
 * An integer environment variable within [min, max] inclusive.
 * Rejects fractions, blanks and out-of-range values with a message naming the bounds.
 */
export function intInRange(min: number, max: number) {
  return makeValidator<number>((input: string) => {
    const value = Number(input);
    if (input.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
      throw new EnvError(`must be an integer from ${min} to ${max}, got "${input}"`);
    }
    return value;
  });
}

/** A number within [min, max] inclusive (fractions allowed). */
export function numberInRange(min: number, max: number) {
  return makeValidator<number>((input: string) => {
    const value = Number(input);
    if (input.trim() === "" || Number.isNaN(value) || value < min || value > max) {
      throw new EnvError(`must be a number from ${min} to ${max}, got "${input}"`);
    }
    return value;
  });
}

/** One entry of API_KEYS: a name and the SHA-256 (hex) of its key. */
export interface ApiKeyEntry {
  name: string;
  sha256: string;
}

/**
 * API_KEYS: comma-separated `name:sha256hex` pairs. A name may appear more than once, so a key
 * can be rotated with the old one still valid. Rejects malformed entries, naming them.
 */
export const apiKeyList = makeValidator<ApiKeyEntry[]>((input: string) => {
  const entries: ApiKeyEntry[] = [];
  const raws = input
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [index, raw] of raws.entries()) {
    const match = /^([A-Za-z0-9_.-]{1,64}):([0-9a-fA-F]{64})$/.exec(raw);
    if (!match) {
      // Never echo the entry: it may be a raw key pasted by mistake.
      throw new EnvError(
        `entry ${index + 1} must be name:sha256hex (64 hex digits); run "pnpm api-key <name>"`,
      );
    }
    entries.push({ name: match[1]!, sha256: match[2]!.toLowerCase() });
  }
  return entries;
});
