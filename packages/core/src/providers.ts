import type { Secret } from "./secret.js";

/**
 * A provider: one named SMS API account a worker sends through, with an adapter `kind` that
 * speaks its API (see @dispatcher/providers). Providers are data: there may be any number, and
 * nothing outside the adapters knows a particular one. A message records the provider of its
 * latest attempt, and once sent the one that accepted it; it may move to another provider only
 * while every attempt it made was definitely refused (see startSending).
 */
export interface ProviderEntry {
  /** Unique; in URLs, metrics labels and the `provider` of messages (see PROVIDER_NAME_PATTERN). */
  name: string;
  /** The adapter kind: `webhook`, `twilio`, `aws-sms`. */
  kind: string;
  /** How it starts out being routed to; stored at first sight, then changed through the API. */
  routing: ProviderRouting;
  /**
   * For a provider that neither deduplicates nor lets a message be found again: send a message
   * again after an unclear answer (at-least-once) instead of ending it `unconfirmed`.
   * @defaultValue false
   */
  atLeastOnce: boolean;
  /** The adapter kind's own settings, credentials read into Secrets. */
  settings: Record<string, unknown | Secret>;
}

/** How new messages are routed to a provider: changeable at run time (PATCH /api/v1/providers/{name}). */
export interface ProviderRouting {
  /** ISO 3166-1 alpha-2 codes of the countries it sends to; empty = every country. */
  countries: string[];
  /** Its share of new messages against the other providers that reach a number; 0 = none. @defaultValue 1 */
  weight: number;
  /** Most SMS segments a second it is sent, across every worker; 0 = no limit. @defaultValue 0 */
  maxPerSecond: number;
  /** Segments it may be sent at once above the steady rate; 0 = one second's worth. @defaultValue 0 */
  burst: number;
}

/** A provider's name: lower-case letters, digits and dashes, starting with a letter, 1..32. */
export const PROVIDER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** The name of the provider configured by PROVIDER_URL when PROVIDERS is empty. */
export const DEFAULT_PROVIDER_NAME = "primary";

/** Bounds of the routing settings; the providers table's CHECK constraints hold the same. */
export const PROVIDER_ROUTING_LIMITS = {
  weight: { min: 0, max: 1_000 },
  maxPerSecond: { min: 0, max: 100_000 },
  burst: { min: 0, max: 1_000_000 },
} as const;

/** Routing a provider starts with when its entry says nothing. */
export const DEFAULT_PROVIDER_ROUTING: ProviderRouting = {
  countries: [],
  weight: 1,
  maxPerSecond: 0,
  burst: 0,
};
