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
