import { DEFAULT_MESSAGE_MAX_LENGTH, PACE_LIMITS } from "@dispatcher/core";
import { bool, cleanEnv, host, port, str } from "envalid";
import { ConfigError, throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { readLanes } from "./lane-list.js";
import { type AdapterSettingsCheck, readProviders } from "./provider-list.js";
import {
  callbackEnv,
  callbackSigningSecrets,
  dispatchEnv,
  logEnv,
  postgresEnv,
  postgresTimeoutEnv,
  providersEnv,
  redisEnv,
  refuseReplacedSettings,
  requireHashTagOnCluster,
  telemetryEnv,
} from "./shared-env.js";
import { apiKeyList, intInRange, keyCallbackUrls, keywordList, secret, trustProxy } from "./validators.js";

/**
 * RECIPIENT_HASH_KEY outside production: published here, so hashes made with it protect nothing
 * (anyone can hash a list of numbers with it); production must set its own.
 */
export const DEVELOPMENT_RECIPIENT_HASH_KEY = "development-recipient-hash-key-not-a-secret";

/** Every variable an API process reads, with its validation, default and description. */
export const apiEnvSpec = {
  ...logEnv,
  ...postgresEnv,
  ...postgresTimeoutEnv,
  ...redisEnv,
  ...dispatchEnv,
  ...callbackEnv,
  ...telemetryEnv,
  ...providersEnv,
  AUTO_START: bool({
    default: true,
    desc: "A fresh deploy starts sending without an API call. Ignored once a state is stored",
  }),
  API_HOST: host({ default: "0.0.0.0", desc: "Interface the API listens on" }),
  API_PORT: port({ default: 3000, desc: "Port the API listens on" }),
  RECONCILE_INTERVAL_MS: intInRange(
    1_000,
    3_600_000,
  )({
    default: 10_000,
    desc: "How often the API re-applies the stored dispatcher state to Redis",
  }),
  TRUST_PROXY: trustProxy({
    default: false,
    desc: "Whom to believe about a client's address (X-Forwarded-For), for logs and the per-address rate limit of requests without a key: false (nobody), true (any hop), a number of hops, or comma-separated proxy addresses/CIDRs",
  }),
  API_KEYS: apiKeyList({
    default: [],
    desc: "Comma-separated name:sha256hex[:role] entries, role admin (default) or read (see `pnpm api-key`); empty = no auth (refused in production)",
  }),
  API_KEY_CALLBACK_URLS: keyCallbackUrls({
    default: {},
    desc: "Whitespace-separated name=url entries: the status callback URL of messages taken with that API key (an API_KEYS name) that give no callbackUrl of their own; checked at intake as a given one is. Needs callbacks on (CALLBACK_SIGNING_SECRET and RECEIPT_SECRET)",
  }),
  INTAKE_IDEMPOTENCY_TTL_HOURS: intInRange(
    1,
    720,
  )({
    default: 24,
    desc: "How long an Idempotency-Key sent with POST /api/v1/messages or /messages/bulk is remembered: a retry within it gets the first answer and stores nothing. Each key keeps the time it was stored with; the workers delete expired keys every 10 minutes",
  }),
  MESSAGE_MAX_SEGMENTS: intInRange(
    0,
    255,
  )({
    default: 0,
    desc: "Most SMS segments a message may take (160/153 GSM-7 characters, 70/67 UCS-2 units each); a longer one is refused at intake. 0 = no limit",
  }),
  PROVIDER_TURKISH_SHIFT_TABLES: bool({
    default: false,
    desc: "The provider supports the Turkish national language shift tables (3GPP TS 23.038): Turkish letters such as ş then count as GSM-7, not UCS-2, in the segments intake reports and limits",
  }),
  MESSAGE_MAX_LENGTH: intInRange(
    PACE_LIMITS.messageMaxLength.min,
    PACE_LIMITS.messageMaxLength.max,
  )({
    default: DEFAULT_MESSAGE_MAX_LENGTH,
    desc: "Most characters a message's content may have. Seeds the state stored at the first boot; then PATCH /api/v1/dispatcher. Workers read the stored value",
  }),
  RECEIPT_SECRET: secret({
    default: "",
    desc: "Shared secret of the provider's delivery receipts (POST /provider/receipts, signed with HMAC-SHA256; see docs/api.md), at least 32 characters; empty = no receipt endpoint, and no message's delivery status turns unknown",
  }),
  RECEIPT_SECRET_PREVIOUS: secret({
    default: "",
    desc: "The secret RECEIPT_SECRET replaced, still accepted while the provider switches over; empty = none",
  }),
  RECEIPT_TOLERANCE_SECONDS: intInRange(
    10,
    3_600,
  )({
    default: 300,
    desc: "How far a receipt's signed timestamp may be from the API's clock: a receipt signed longer ago (or further ahead) gets 401, so a captured one cannot be replayed later; the same signed receipt sent again within it is stored once and answered 200 duplicate",
  }),
  RECEIPT_TIMEOUT_MS: intInRange(
    60_000,
    30 * 86_400_000,
  )({
    default: 86_400_000,
    desc: "A message sent this long ago with no receipt gets delivery status unknown: every provider's with RECEIPT_SECRET set, else those of the providers that send their own receipts (twilio); none without receipts. The API stores it at start for the workers' receipt sweep: give every API the same",
  }),
  STOP_KEYWORDS: keywordList({
    default: [],
    desc: "Comma-separated words that, as the whole of an inbound message (trimmed, case and accents ignored), put its sender on the suppression list, besides STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT and IPTAL (see docs/protection.md)",
  }),
  START_KEYWORDS: keywordList({
    default: [],
    desc: "Comma-separated words that, as the whole of an inbound message, take its sender off the suppression list again when a keyword or a provider's answer put it there (never an operator's entry), besides START and UNSTOP",
  }),
  HELP_KEYWORDS: keywordList({
    default: [],
    desc: "Comma-separated words that, as the whole of an inbound message, are recorded as a request for help (audit kind help), besides HELP",
  }),
  RECIPIENT_HASH_KEY: secret({
    default: "",
    desc: "Key of the recipient hash (HMAC-SHA256) stored with each message, by which GET /api/v1/messages?to= finds a number's messages, before and after erasure; at least 32 characters, from the environment only (never stored in Postgres). Required in production (the API refuses to start without it); empty elsewhere = a published development key. Changing it makes the messages stored before unfindable by number (see docs/protection.md)",
  }),
  CORS_ORIGINS: str({
    default: "",
    desc: "Comma-separated origins allowed by CORS, or * for any; empty sends no CORS headers",
  }),
  RATE_LIMIT_MAX: intInRange(
    1,
    1_000_000,
  )({
    default: 6_000,
    desc: "Requests per RATE_LIMIT_WINDOW_MS per API key name (per client IP without a valid key, counted before the 401), shared across API instances. The default (100 a second) lets one client send the transactional lane's default 50 a second and read their statuses",
  }),
  RATE_LIMIT_WINDOW_MS: intInRange(1_000, 3_600_000)({ default: 60_000, desc: "The rate-limit window" }),
  BODY_LIMIT_BYTES: intInRange(
    1_024,
    10_485_760,
  )({ default: 524_288, desc: "Largest request body accepted; bigger ones get 413" }),
  LOG_PRETTY: bool({
    default: process.stdout.isTTY === true,
    desc: "Pretty-print logs; defaults to true only when stdout is a terminal",
  }),
};

/**
 * Configuration of one API process: its settings, the key recipient hashes are made with
 * (`recipientHashKey`: RECIPIENT_HASH_KEY, or outside production when it is empty
 * DEVELOPMENT_RECIPIENT_HASH_KEY; empty in production without one), the providers PROVIDERS names (none when it is
 * empty: the workers' default provider needs nothing of the API), checked by `adapters`, and
 * the lanes it seeds (see readLanes).
 */
export function loadApiConfig(adapters: AdapterSettingsCheck, env: EnvSource = processEnv) {
  const source = withNodeEnv(env);
  refuseReplacedSettings(source);
  const config = requireHashTagOnCluster(cleanEnv(source, apiEnvSpec, { reporter: throwConfigErrors }));
  callbackSigningSecrets(config);
  const names = new Set(config.API_KEYS.map((k) => k.name));
  const unknown = Object.keys(config.API_KEY_CALLBACK_URLS).filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new ConfigError(`API_KEY_CALLBACK_URLS names keys that are not in API_KEYS: ${unknown.join(", ")}`);
  }
  if (
    Object.keys(config.API_KEY_CALLBACK_URLS).length > 0 &&
    (config.CALLBACK_SIGNING_SECRET === "" || config.RECEIPT_SECRET === "")
  ) {
    throw new ConfigError(
      "API_KEY_CALLBACK_URLS needs status callbacks on: set CALLBACK_SIGNING_SECRET and RECEIPT_SECRET",
    );
  }
  const providers = config.PROVIDERS.trim() === "" ? [] : readProviders(config.PROVIDERS, source, adapters);
  // Production without a key is refused by the API's main, after API_KEYS (see recipientHashKey).
  const recipientHashKey =
    config.RECIPIENT_HASH_KEY || (config.NODE_ENV === "production" ? "" : DEVELOPMENT_RECIPIENT_HASH_KEY);
  return { ...config, providers, lanes: readLanes(config), recipientHashKey };
}

export type ApiConfig = ReturnType<typeof loadApiConfig>;
