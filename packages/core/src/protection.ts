import { maskNumber } from "./mask-number.js";
import { countryOfNumber } from "./message-rules.js";

/** What a country rule does with a number of its country: send, refuse, or send and record. */
export const COUNTRY_ACTIONS = ["allow", "block", "monitor"] as const;
export type CountryAction = (typeof COUNTRY_ACTIONS)[number];

/** What a number's own rule does: send whatever its country's rule says, or refuse. */
export const NUMBER_ACTIONS = ["allow", "block"] as const;
export type NumberAction = (typeof NUMBER_ACTIONS)[number];

/** The countries' rules: one per country named, and the action for every other country. */
export interface CountryRules {
  /** The action for a country without a rule, and for numbers of no country (+800, say). */
  defaultAction: CountryAction;
  /** By ISO 3166-1 alpha-2 code. */
  countries: ReadonlyMap<string, CountryAction>;
}

/** Every country allowed: a fresh deployment's rules. */
export const ALLOW_EVERY_COUNTRY: CountryRules = { defaultAction: "allow", countries: new Map() };

/** One number's rule, in force until `until` (null: until removed). */
export interface NumberRule {
  action: NumberAction;
  until: Date | null;
}

/** Why a recipient is refused: a stable `code` for programs and the `rule` that refused, in words. */
export interface Refusal {
  code: string;
  rule: string;
}

/**
 * What the rules say of a recipient:
 * - `allow`, with `override` when its number's own allow rule set its country's rule aside;
 * - `monitor`: send it, and record that its country's rule would have blocked it;
 * - `block`, with the refusal.
 */
export type RecipientVerdict =
  | { decision: "allow"; override: boolean }
  | { decision: "monitor"; country: string; rule: string }
  | { decision: "block"; refusal: Refusal };

/**
 * Judges a valid E.164 `recipient` by its number's rule when one is in force at `now` (allow sets
 * the country's rule aside; block refuses), else by its country's rule (`defaultAction` for a
 * country without one and a number of no country). The suppression list is not a rule here: it is
 * checked first and always wins, over an allow rule too.
 */
export function judgeRecipient(
  recipient: string,
  rules: { countries: CountryRules; number: NumberRule | undefined; now: Date },
): RecipientVerdict {
  const own = rules.number;
  if (own && (own.until === null || own.until.getTime() > rules.now.getTime())) {
    if (own.action === "allow") return { decision: "allow", override: true };
    const until = own.until ? ` until ${own.until.toISOString()}` : "";
    return {
      decision: "block",
      refusal: { code: "number_blocked", rule: `number ${maskNumber(recipient)}: block${until}` },
    };
  }
  // Every country allowed and none named: the answer cannot depend on the country, so the number
  // is not parsed for it (one libphonenumber parse a message saved on the send path).
  if (rules.countries.defaultAction === "allow" && rules.countries.countries.size === 0) {
    return { decision: "allow", override: false };
  }
  const country = countryOfNumber(recipient);
  const named = country === undefined ? undefined : rules.countries.countries.get(country);
  const action = named ?? rules.countries.defaultAction;
  const rule = named === undefined ? `every other country: ${action}` : `country ${country}: ${action}`;
  if (action === "allow") return { decision: "allow", override: false };
  if (action === "monitor") return { decision: "monitor", country: country ?? "none", rule };
  return {
    decision: "block",
    refusal: { code: "country_blocked", rule: `${rule} (the number is of ${country ?? "no country"})` },
  };
}

/** Caps on the messages one recipient may be sent, per window; 0 = no cap. */
export interface RecipientCaps {
  perHour: number;
  perDay: number;
  /** Messages with the same content to the same recipient. */
  sameContentPerHour: number;
}

/** Quotas on the messages one API key may store, per UTC day; 0 = no quota. */
export interface KeyQuota {
  perDay: number;
  /** Messages to numbers of a country not in `homeCountries`. */
  internationalPerDay: number;
}

/** The caps and quotas intake counts messages against (see docs/protection.md). */
export interface ProtectionLimits {
  recipient: RecipientCaps;
  /** Lanes with caps of their own (transactional, say): their messages count against these, apart. */
  laneRecipient: Readonly<Record<string, RecipientCaps>>;
  /** Every API key's quota, unless `keys` names it. */
  key: KeyQuota;
  /** Quotas of their own, by API key name. */
  keys: Readonly<Record<string, KeyQuota>>;
  /** The countries whose numbers are not international (ISO codes); empty: no number is. */
  homeCountries: readonly string[];
}

/** No caps and no quotas: a fresh deployment's limits. */
export const NO_LIMITS: ProtectionLimits = {
  recipient: { perHour: 0, perDay: 0, sameContentPerHour: 0 },
  laneRecipient: {},
  key: { perDay: 0, internationalPerDay: 0 },
  keys: {},
  homeCountries: [],
};
