import {
  DEFAULT_PROVIDER_NAME,
  DEFAULT_PROVIDER_ROUTING,
  type ProviderEntry,
  Secret,
} from "@dispatcher/core";
import { bool, cleanEnv, host, str } from "envalid";
import { ConfigError, throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { type AdapterSettingsCheck, readProviders } from "./provider-list.js";
import {
  callbackEnv,
  callbackSigningSecrets,
  logEnv,
  postgresEnv,
  postgresTimeoutEnv,
  providersEnv,
  redisEnv,
  refuseReplacedSettings,
  requireHashTagOnCluster,
  telemetryEnv,
} from "./shared-env.js";
import { countryList, intInRange, numberInRange, optionalUrl } from "./validators.js";

/** The mock provider's address; the default PROVIDER_URL outside production. */
export const MOCK_PROVIDER_URL = "http://127.0.0.1:4010/messages";

/** Every variable a worker process reads, with its validation, default and description. */
export const workerEnvSpec = {
  ...logEnv,
  ...postgresEnv,
  ...postgresTimeoutEnv,
  ...redisEnv,
  ...callbackEnv,
  ...telemetryEnv,
  ...providersEnv,
  PROVIDER_URL: optionalUrl({
    default: "",
    devDefault: MOCK_PROVIDER_URL,
    desc: "With PROVIDERS empty: the endpoint of the one provider (a webhook named primary) that receives POST {to, content}; required in production",
  }),
  PROVIDER_AUTH_HEADER: str({
    default: "x-ins-auth-key",
    desc: "With PROVIDERS empty: the name of the provider's auth header",
  }),
  PROVIDER_AUTH_KEY: str({
    default: "",
    devDefault: "dev-key",
    desc: "With PROVIDERS empty: the value sent in PROVIDER_AUTH_HEADER; required in production",
  }),
  PROVIDER_COUNTRIES: countryList({
    default: [],
    desc: "With PROVIDERS empty: comma-separated ISO country codes the provider sends to, stored at its first start (then PATCH /api/v1/providers/primary); a message to another country fails without a provider call. Empty = every country",
  }),
  PROVIDER_ROUTING_REFRESH_MS: intInRange(
    200,
    60_000,
  )({
    default: 2_000,
    desc: "How often a worker reads the providers' routing (weights, countries, limits) from Postgres: a change through the API applies on every worker within this time",
  }),
  PROVIDER_BREAKER_WINDOW_MS: intInRange(
    1_000,
    600_000,
  )({
    default: 10_000,
    desc: "Window over which each provider's circuit breaker counts failed calls (no answer, or 5xx), shared by every worker through Redis",
  }),
  PROVIDER_BREAKER_MIN_CALLS: intInRange(
    1,
    10_000,
  )({ default: 5, desc: "Fewest calls in the window before its failure rate may open a breaker" }),
  PROVIDER_BREAKER_FAILURE_RATE: numberInRange(
    0.01,
    1,
  )({ default: 0.5, desc: "Share of failed calls in the window that opens a provider's breaker" }),
  PROVIDER_BREAKER_COOLDOWN_MS: intInRange(
    1_000,
    3_600_000,
  )({
    default: 15_000,
    desc: "How long an open breaker keeps new messages away from its provider before one probe tries it again (a success closes it, a failure opens it again)",
  }),
  PROVIDER_LOOKUP_TIMEOUT_MS: intInRange(
    100,
    60_000,
  )({
    default: 2_000,
    desc: "Longest a provider's host name may take to resolve (DNS through its own resolver, apart from every other lookup); past it the attempt is retried, and counts neither as the provider's failure nor as a request",
  }),
  PROVIDER_TIMEOUT_MS: intInRange(
    100,
    300_000,
  )({ default: 10_000, desc: "Per-request timeout to the provider; a timeout is retried" }),
  PROVIDER_MAX_PAUSE_MS: intInRange(
    1_000,
    3_600_000,
  )({
    default: 60_000,
    desc: "Longest wait a provider's Retry-After may cause (a 429's pause of all sending, or one message's retry delay after a 5xx or 408); longer asks are cut to it, shorter ones raised to 100 ms",
  }),
  PROVIDER_OPT_OUT_STATUS: intInRange(
    0,
    599,
  )({
    default: 0,
    desc: "With PROVIDERS empty: an HTTP status with which the provider says the recipient opted out (with PROVIDER_OPT_OUT_CODE): the message fails and the number goes on the suppression list. 0 = off",
  }),
  PROVIDER_OPT_OUT_CODE: str({
    default: "",
    desc: "With PROVIDERS empty: text the provider's answer body must contain, with PROVIDER_OPT_OUT_STATUS, to mean an opt-out (a code such as 21610); empty = the status alone",
  }),
  SEND_ATTEMPTS: intInRange(1, 100)({ default: 5, desc: "Attempts per message before it is failed" }),
  SEND_BACKOFF_MS: intInRange(
    1,
    3_600_000,
  )({
    default: 1_000,
    desc: "First retry delay; doubles each attempt, with 10% jitter, capped at 10 minutes",
  }),
  WORKER_CONCURRENCY: intInRange(1, 1_000)({ default: 10, desc: "Concurrent sends per worker process" }),
  SENT_CACHE_TTL_SECONDS: intInRange(
    1,
    604_800,
  )({
    default: 600,
    desc: "Lifetime of a sent message's {messageId, sentAt} in Redis; the cache holds about rate × TTL × 230 bytes (see docs/sent-cache-sizing.md)",
  }),
  ORPHAN_AFTER_MS: intInRange(
    1_000,
    86_400_000,
  )({
    default: 60_000,
    desc: "A claimed message untouched this long has its job checked and re-enqueued if gone",
  }),
  SEND_WINDOW: intInRange(
    100,
    1_000_000,
  )({
    default: 10_000,
    desc: "Most send jobs left waiting in Redis (waiting, paused or delayed) after a tick's claim from the non-ahead lanes; ahead lanes (transactional) may claim up to twice it. Messages past it stay pending in Postgres until the workers make room. The default holds about 10 s of one worker's sending (about 1,000 msg/s, docs/performance.md) and lets a tick every second feed up to 10,000 msg/s; set it the same on every worker (see docs/guarantees.md)",
  }),
  WORKER_LOCK_DURATION_MS: intInRange(
    1_000,
    600_000,
  )({
    default: 30_000,
    desc: "How long a running job stays locked without renewal; a dead worker's sends are retried after it",
  }),
  WORKER_STALLED_INTERVAL_MS: intInRange(
    500,
    600_000,
  )({
    default: 30_000,
    desc: "How often each worker looks for jobs whose worker died (stalled jobs) and retries them",
  }),
  WORKER_MAX_STALLED_COUNT: intInRange(
    0,
    100,
  )({
    default: 3,
    desc: "How often one job may stall before BullMQ gives up on it (the orphan sweep then re-enqueues it)",
  }),
  MESSAGE_MAX_LENGTH: str({
    default: "",
    desc: "Not read by workers: the content limit is stored with the dispatcher state (a worker that has it set says so at start)",
  }),
  RETENTION_DAYS: intInRange(
    0,
    36_500,
  )({
    default: 90,
    desc: "Days after a message's last change (in a final status: sent, failed, expired, cancelled) that the workers erase its recipient and content, keeping the rest of the row (status, segments, counts, times); 0 = keep them forever. The default outlasts the longest receipt wait (RECEIPT_TIMEOUT_MS, at most 30 days) and leaves time to look into failures; see docs/protection.md",
  }),
  WORKER_SHUTDOWN_TIMEOUT_MS: intInRange(
    1_000,
    600_000,
  )({
    default: 30_000,
    desc: "How long SIGTERM waits for in-flight sends before exiting 1; more SIGTERMs meanwhile change nothing (a second Ctrl-C exits at once)",
  }),
  WORKER_METRICS_PORT: intInRange(
    0,
    65_535,
  )({
    default: 9_464,
    desc: "Port of the worker's Prometheus /metrics and its probes /livez, /readyz and /health; 0 picks a free port (logged at start); if taken, the worker runs without them",
  }),
  WORKER_METRICS_HOST: host({
    default: "0.0.0.0",
    desc: "Interface the worker's metrics endpoint listens on",
  }),
  LOG_PRETTY: bool({
    default: process.stdout.isTTY === true,
    desc: "Pretty-print logs; defaults to true only when stdout is a terminal",
  }),
};

/**
 * Configuration of one worker process, with its providers (PROVIDERS, or the one PROVIDER_URL
 * names), their own settings checked by `adapters` (see AdapterSettingsCheck).
 */
export function loadWorkerConfig(adapters: AdapterSettingsCheck, env: EnvSource = processEnv) {
  const source = withNodeEnv(env);
  refuseReplacedSettings(source);
  const replaced = Object.keys(source).filter((key) => key.startsWith("PROVIDER_SECONDARY_") && source[key]);
  if (replaced.length > 0) {
    throw new ConfigError(
      `${replaced.join(", ")}: a second provider is now an entry of PROVIDERS (see docs/providers.md); these settings are no longer read`,
    );
  }
  const config = requireHashTagOnCluster(cleanEnv(source, workerEnvSpec, { reporter: throwConfigErrors }));
  return {
    ...config,
    callbackSigningSecrets: callbackSigningSecrets(config),
    providers: workerProviders(config, source, adapters),
  };
}

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;

/**
 * The worker's providers: PROVIDERS when set, else one webhook provider named `primary` from
 * PROVIDER_URL and the other PROVIDER_* settings (both required in production).
 */
function workerProviders(
  config: {
    NODE_ENV: string;
    PROVIDERS: string;
    PROVIDER_URL: string;
    PROVIDER_AUTH_HEADER: string;
    PROVIDER_AUTH_KEY: string;
    PROVIDER_COUNTRIES: string[];
    PROVIDER_OPT_OUT_STATUS: number;
    PROVIDER_OPT_OUT_CODE: string;
  },
  env: EnvSource,
  adapters: AdapterSettingsCheck,
): ProviderEntry[] {
  if (config.PROVIDERS.trim() !== "") return readProviders(config.PROVIDERS, env, adapters);
  if (config.PROVIDER_URL === "" || config.PROVIDER_AUTH_KEY === "") {
    throw new ConfigError(
      "PROVIDER_URL and PROVIDER_AUTH_KEY are required in production when PROVIDERS is empty (or set PROVIDERS: see docs/providers.md)",
    );
  }
  const settings = {
    url: config.PROVIDER_URL,
    authHeader: config.PROVIDER_AUTH_HEADER,
    authKey: new Secret(config.PROVIDER_AUTH_KEY, "env PROVIDER_AUTH_KEY"),
    optOutStatus: config.PROVIDER_OPT_OUT_STATUS,
    optOutCode: config.PROVIDER_OPT_OUT_CODE,
  };
  const problems = adapters.check("webhook", settings);
  if (problems.length > 0) throw new ConfigError(`PROVIDER_*: ${problems.join("; ")}`);
  const routing = { ...DEFAULT_PROVIDER_ROUTING, countries: config.PROVIDER_COUNTRIES };
  return [{ name: DEFAULT_PROVIDER_NAME, kind: "webhook", routing, atLeastOnce: false, settings }];
}
