import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { SCHEDULE_LIMITS } from "./limits.js";

/** Why a message may not be stored or sent. `field` names the input. */
export interface MessageInputError {
  field: "to" | "content" | "sendAt" | "expiresAt" | "validitySeconds";
  message: string;
}

/** Whether `code` is an ISO 3166-1 alpha-2 country code with phone numbering (`TR`, `DE`, …). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** The ISO code of the country a valid number belongs to; undefined for one of none (+800, say). */
export function countryOfNumber(to: string): string | undefined {
  return parsePhoneNumberFromString(to)?.country;
}

/**
 * The rule for a recipient (see validateMessageInput): a valid E.164 number. Returns its errors
 * (field `to`); empty when valid. Where it may go is the pumping guard's business (judgeRecipient).
 */
export function validateRecipient(to: string): MessageInputError[] {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) {
    return [{ field: "to", message: "must be an E.164 phone number such as +905551111111" }];
  }
  const number = parsePhoneNumberFromString(to);
  if (!number?.isValid()) return [{ field: "to", message: "is not a valid phone number" }];
  return [];
}

/**
 * The application's rules for a message, stricter than the database's CHECK constraints:
 * - `to` is a valid phone number written in E.164 (`+` and digits only), per libphonenumber's
 *   full metadata (country code, length and number ranges);
 * - `content` has at least one non-space character, no NUL, and at most `maxLength` characters
 *   (Unicode code points, as Postgres' char_length counts them).
 * Returns every error found; empty when the message is acceptable.
 */
export function validateMessageInput(
  input: { to: string; content: string },
  maxLength: number,
): MessageInputError[] {
  const errors = validateRecipient(input.to);
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

/** When a message may be sent, as a client asks: RFC 3339 times, or a validity in seconds. */
export interface ScheduleInput {
  sendAt?: string;
  expiresAt?: string;
  validitySeconds?: number;
}

/** A schedule as stored: when the message is due (null: at once) and when it expires (null: never). */
export interface Schedule {
  sendAt: Date | null;
  expiresAt: Date | null;
}

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * `value` as a Date when it is an RFC 3339 date-time with seconds and a time zone whose every field
 * names a real instant, else undefined. A field out of range is refused, never rolled forward:
 * February 31, February 29 of a common year, hour 24, minute or second 60 (leap seconds are not
 * accepted), an offset of 24 hours or more.
 */
export function readRfc3339(value: string): Date | undefined {
  const fields = RFC_3339.exec(value);
  if (!fields) return undefined;
  const [year, month, day, hour, minute, second] = fields.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Absent for `Z`.
  const offsetHour = Number(fields[8] ?? 0);
  const offsetMinute = Number(fields[9] ?? 0);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= monthDays &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHour <= 23 &&
    offsetMinute <= 59;
  if (!inRange) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads and checks a schedule (see SCHEDULE_LIMITS) at `now`: `sendAt` no earlier than the skew
 * allows and within the horizon; `expiresAt`, or `sendAt` (else now) plus `validitySeconds`,
 * after both now and `sendAt` and within the horizon; not both `expiresAt` and
 * `validitySeconds`. Returns the schedule, or every error found.
 */
export function readSchedule(
  input: ScheduleInput,
  now: Date,
): { schedule: Schedule; errors: [] } | { schedule: undefined; errors: MessageInputError[] } {
  const errors: MessageInputError[] = [];
  const horizon = now.getTime() + SCHEDULE_LIMITS.horizonMs;
  const time = (field: "sendAt" | "expiresAt", value: string | undefined): Date | null => {
    if (value === undefined) return null;
    const date = readRfc3339(value);
    if (!date) {
      errors.push({ field, message: "must be an RFC 3339 date-time such as 2026-11-22T10:00:00Z" });
      return null;
    }
    if (date.getTime() > horizon) {
      errors.push({ field, message: `must be at most ${SCHEDULE_LIMITS.horizonMs / 86_400_000} days ahead` });
    }
    return date;
  };
  const sendAt = time("sendAt", input.sendAt);
  if (sendAt && sendAt.getTime() < now.getTime() - SCHEDULE_LIMITS.pastSkewMs) {
    errors.push({ field: "sendAt", message: "must not be in the past" });
  }
  let expiresAt = time("expiresAt", input.expiresAt);
  if (input.validitySeconds !== undefined) {
    if (input.expiresAt !== undefined) {
      errors.push({ field: "validitySeconds", message: "cannot be given with expiresAt; give one of them" });
    } else {
      expiresAt = new Date((sendAt ?? now).getTime() + input.validitySeconds * 1_000);
      if (expiresAt.getTime() > horizon) {
        errors.push({
          field: "validitySeconds",
          message: `must end at most ${SCHEDULE_LIMITS.horizonMs / 86_400_000} days ahead`,
        });
      }
    }
  }
  if (expiresAt && !errors.some((e) => e.field === "expiresAt")) {
    if (expiresAt.getTime() <= now.getTime())
      errors.push({ field: "expiresAt", message: "must be in the future" });
    else if (sendAt && expiresAt.getTime() <= sendAt.getTime()) {
      errors.push({ field: "expiresAt", message: "must be after sendAt" });
    }
  }
  return errors.length > 0
    ? { schedule: undefined, errors }
    : { schedule: { sendAt, expiresAt }, errors: [] };
}
