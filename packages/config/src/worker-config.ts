import { bool, cleanEnv, host, str, url } from "envalid";
import { ConfigError, throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import {
  callbackEnv,
  destinationEnv,
  logEnv,
  postgresEnv,
  postgresTimeoutEnv,
  redisEnv,
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
  ...destinationEnv,
  ...callbackEnv,
  ...telemetryEnv,
  PROVIDER_URL: url({
    devDefault: MOCK_PROVIDER_URL,
    desc: "Provider endpoint that receives POST {to, content}",
  }),
  PROVIDER_AUTH_HEADER: str({ default: "x-ins-auth-key", desc: "Name of the provider's auth header" }),
  PROVIDER_AUTH_KEY: str({ devDefault: "dev-key", desc: "Value sent in PROVIDER_AUTH_HEADER" }),
  PROVIDER_COUNTRIES: countryList({
    default: [],
    desc: "Comma-separated ISO country codes the primary provider sends to; a message to another country goes to the secondary (if it does), else fails without a provider call. Empty = every country",
  }),
  PROVIDER_SECONDARY_URL: optionalUrl({
    default: "",
    desc: "A second provider's endpoint (the same contract as PROVIDER_URL); new attempts go there while the primary's circuit breaker is open, or after the primary definitely refused one (see docs/failover.md). Empty = one provider, no breaker",
  }),
  PROVIDER_SECONDARY_AUTH_HEADER: str({
    default: "",
    desc: "Name of the secondary provider's auth header; empty = PROVIDER_AUTH_HEADER",
  }),
  PROVIDER_SECONDARY_AUTH_KEY: str({
    default: "",
    desc: "Value sent in the secondary's auth header; required with PROVIDER_SECONDARY_URL in production",
  }),
  PROVIDER_SECONDARY_COUNTRIES: countryList({
    default: [],
    desc: "Comma-separated ISO country codes the secondary provider sends to. Empty = every country",
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
    desc: "How long an open breaker sends new attempts to the other provider before one probe tries this one again (a success closes it, a failure opens it again)",
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
    desc: "An HTTP status with which the provider says the recipient opted out (with PROVIDER_OPT_OUT_CODE): the message fails and the number goes on the suppression list. 0 = off",
  }),
  PROVIDER_OPT_OUT_CODE: str({
    default: "",
    desc: "Text the provider's answer body must contain, with PROVIDER_OPT_OUT_STATUS, to mean an opt-out (a code such as 21610); empty = the status alone",
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
  TEST_ONLY_BLOCK_EVENT_LOOP_MS: intInRange(
    0,
    600_000,
  )({
    default: 0,
    desc: "TEST ONLY (fault suite; refused in production): block the event loop this long once, right after the first provider 2xx; 0 = off",
  }),
  TEST_ONLY_CRASH_AFTER_CLAIM: bool({
    default: false,
    desc: "TEST ONLY (fault suite; refused in production): SIGKILL this worker right after its first claim commits, before enqueuing",
  }),
  TEST_ONLY_DELAY_BEFORE_SENT_WRITE_MS: intInRange(
    0,
    600_000,
  )({
    default: 0,
    desc: "TEST ONLY (fault suite; refused in production): wait this long after every provider 2xx before recording it; 0 = off",
  }),
  LOG_PRETTY: bool({
    default: process.stdout.isTTY === true,
    desc: "Pretty-print logs; defaults to true only when stdout is a terminal",
  }),
};

/** Configuration of one worker process. */
export function loadWorkerConfig(env: EnvSource = processEnv) {
  const config = requireHashTagOnCluster(
    cleanEnv(withNodeEnv(env), workerEnvSpec, { reporter: throwConfigErrors }),
  );
  if (
    config.NODE_ENV === "production" &&
    config.PROVIDER_SECONDARY_URL !== "" &&
    config.PROVIDER_SECONDARY_AUTH_KEY === ""
  ) {
    throw new ConfigError(
      "PROVIDER_SECONDARY_AUTH_KEY is required with PROVIDER_SECONDARY_URL in production",
    );
  }
  return config;
}

export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;
