import type { Lane } from "@dispatcher/core";
import { BUILT_IN_LANES, PACE_LIMITS } from "@dispatcher/core";
import { bool, str, url } from "envalid";
import { ConfigError } from "./config-error.js";
import { DEFAULT_OTLP_PROTOCOL, intInRange, optionalUrl, otlpProtocol, webhookSecret } from "./validators.js";

/** Where the local services listen when nothing is configured (see README). */
export const LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dispatcher";
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";

export const logEnv = {
  NODE_ENV: str({
    choices: ["development", "production", "test"],
    default: "development",
    desc: "production makes PROVIDER_URL and PROVIDER_AUTH_KEY required and an API without API_KEYS refuse to start",
  }),
  LOG_LEVEL: str({
    choices: ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
    default: "info",
    desc: "Least severe log level written",
  }),
};

export const postgresEnv = {
  DATABASE_URL: url({
    default: LOCAL_DATABASE_URL,
    desc: "Postgres connection URL; `pnpm migrate` creates the database when it is missing",
  }),
  DATABASE_POOL_SIZE: intInRange(1, 200)({ default: 10, desc: "Postgres connections per process" }),
};

/** The long-running processes' connections (not `pnpm migrate`'s): how many stay open, and server-side timeouts. */
export const postgresTimeoutEnv = {
  DATABASE_POOL_MIN: intInRange(
    0,
    200,
  )({
    default: 4,
    desc: "Postgres connections per process kept open once opened, however long they sit idle (at most DATABASE_POOL_SIZE); the others close after 10 s idle. A request after a quiet spell then finds warm connections instead of opening new ones",
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: intInRange(
    100,
    3_600_000,
  )({ default: 30_000, desc: "A statement running (or waiting for a lock) longer is cancelled" }),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: intInRange(
    100,
    3_600_000,
  )({ default: 60_000, desc: "A transaction left idle longer is ended and its locks released" }),
};

export const redisEnv = {
  REDIS_URL: url({ default: LOCAL_REDIS_URL, desc: "Redis connection URL" }),
  REDIS_CLUSTER_NODES: str({
    default: "",
    desc: "Comma-separated redis:// seed nodes of a Redis Cluster; when set, used instead of REDIS_URL, and QUEUE_PREFIX must hold a {hash-tag}",
  }),
  REDIS_ALLOW_EVICTION: bool({
    default: false,
    desc: "Run even when Redis's maxmemory-policy is not noeviction (it may then delete queued jobs), warning loudly; otherwise the API and the worker refuse to start and the API's /health is degraded. A Redis that does not tell its policy (CONFIG refused) gets a warning only",
  }),
  REDIS_COMMAND_TIMEOUT_MS: intInRange(
    100,
    600_000,
  )({
    default: 5_000,
    desc: "A Redis command without an answer this long fails (all connections but the workers' blocking ones), so a stalled Redis bounds every request and reconcile pass",
  }),
  QUEUE_PREFIX: str({
    default: "dispatcher",
    desc: "Prefix of every Redis key (BullMQ queues and the sent cache). Use a {hash-tag} on Redis Cluster.",
  }),
};

/**
 * The providers: read by every worker (to send) and the API (to seed their routing and read
 * their receipts). Set the same on both.
 */
export const providersEnv = {
  PROVIDERS: str({
    default: "",
    desc: 'JSON array of providers, each {"name", "kind": "webhook"|"twilio"|"aws-sms", routing (countries, weight, maxPerSecond, burst) and its kind\'s fields, credentials as {"env": "VAR"} or {"file": "/path"}} (see docs/providers.md). Empty = one webhook provider named primary from PROVIDER_URL. Set the same on the API and every worker',
  }),
};

/** Status callbacks to clients' URLs: read by the API at intake and by every worker that delivers them. */
export const callbackEnv = {
  CALLBACK_SIGNING_SECRET: /* @__PURE__ */ webhookSecret({
    default: "",
    desc: 'Standard Webhooks secret status callbacks are signed with (webhook-signature; see docs/webhooks.md): whsec_ and the base64 of 24 to 64 random bytes (echo "whsec_$(openssl rand -base64 32)"); empty = callbacks off, and intake refuses callbackUrl (as it does without RECEIPT_SECRET: only receipts change a delivery status). Set the same on the API and every worker',
  }),
  CALLBACK_SIGNING_SECRET_PREVIOUS: /* @__PURE__ */ webhookSecret({
    default: "",
    desc: "While rotating CALLBACK_SIGNING_SECRET: the secret it replaces. Each callback then carries a signature with each, so receivers checking either accept it (docs/webhooks.md#rotating-the-secret). Empty once receivers use the new one",
  }),
  ALLOW_PRIVATE_CALLBACKS: bool({
    default: false,
    desc: "Allow callback URLs that resolve to loopback, private or link-local addresses (checked at intake and again when connecting). Off: such URLs are refused, so a client cannot make the dispatcher call services beside it",
  }),
  CALLBACK_DNS_TIMEOUT_MS: intInRange(
    100,
    30_000,
  )({
    default: 2_000,
    desc: "The longest a callback host's DNS lookup (A and AAAA, through the resolver's own sockets, never the system's getaddrinfo) may take: longer, and a worker tries the callback again later, and intake answers 503 with Retry-After",
  }),
  CALLBACK_DNS_CACHE_MAX_MS: intInRange(
    0,
    60_000,
  )({
    default: 30_000,
    desc: "The longest a callback host's addresses are reused (a shorter DNS TTL wins); a name DNS says does not exist is remembered 5 s at most. 0 = ask every time",
  }),
};

/**
 * The secrets status callbacks are signed with, current first (then the previous one, while
 * rotating); empty when callbacks are off (no CALLBACK_SIGNING_SECRET). Throws ConfigError for a
 * previous secret without a current one.
 */
export function callbackSigningSecrets(config: {
  CALLBACK_SIGNING_SECRET: string;
  CALLBACK_SIGNING_SECRET_PREVIOUS: string;
}): string[] {
  if (config.CALLBACK_SIGNING_SECRET === "" && config.CALLBACK_SIGNING_SECRET_PREVIOUS !== "") {
    throw new ConfigError(
      "CALLBACK_SIGNING_SECRET_PREVIOUS is set without CALLBACK_SIGNING_SECRET: set the new secret there, the old one here",
    );
  }
  return [config.CALLBACK_SIGNING_SECRET, config.CALLBACK_SIGNING_SECRET_PREVIOUS].filter((s) => s !== "");
}

/**
 * OpenTelemetry tracing (read by the api and worker `--import` telemetry entry): off unless an
 * OTLP endpoint is set. The SDK also reads its other standard OTEL_* variables.
 */
export const telemetryEnv = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl({
    default: "",
    desc: "OTLP/HTTP endpoint traces are exported to (http://collector:4318; /v1/traces is added). Empty = tracing off, and free: no instrumentation is loaded",
  }),
  OTEL_SERVICE_NAME: str({
    default: "",
    desc: "Service name on the spans; empty = dispatcher-api or dispatcher-worker",
  }),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol({
    default: DEFAULT_OTLP_PROTOCOL,
    desc: "How spans are sent to OTEL_EXPORTER_OTLP_ENDPOINT: http/protobuf (binary) or http/json. grpc is refused at start: use the collector's OTLP/HTTP port",
  }),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol({
    default: "",
    desc: "The same for traces alone (the only signal exported); empty = OTEL_EXPORTER_OTLP_PROTOCOL",
  }),
};

const [transactional, bulk] = BUILT_IN_LANES as [Lane, Lane];

/** The lanes a fresh deploy stores: the built-in two, with these paces, and LANES. */
export const dispatchEnv = {
  DISPATCH_INTERVAL_MS: intInRange(
    PACE_LIMITS.intervalMs.min,
    PACE_LIMITS.intervalMs.max,
  )({
    default: bulk.intervalMs,
    desc: "Milliseconds between claims of the bulk lane (the default lane). Seeds it at the first boot; then PATCH /api/v1/dispatcher",
  }),
  DISPATCH_BATCH_SIZE: intInRange(
    PACE_LIMITS.batchSize.min,
    PACE_LIMITS.batchSize.max,
  )({
    default: bulk.batchSize,
    desc: "Messages the bulk lane claims per interval. Seeds it at the first boot; then PATCH /api/v1/dispatcher",
  }),
  TRANSACTIONAL_INTERVAL_MS: intInRange(
    PACE_LIMITS.intervalMs.min,
    PACE_LIMITS.intervalMs.max,
  )({
    default: transactional.intervalMs,
    desc: "The transactional lane's budget period (messages sent with priority transactional: claimed on arrival, at most TRANSACTIONAL_BATCH_SIZE per this many ms, in bursts of at most TRANSACTIONAL_BATCH_SIZE), and how often a tick claims what arrivals left. Seeds it at the first boot; then PATCH /api/v1/dispatcher",
  }),
  TRANSACTIONAL_BATCH_SIZE: intInRange(
    PACE_LIMITS.batchSize.min,
    PACE_LIMITS.batchSize.max,
  )({
    default: transactional.batchSize,
    desc: "The transactional lane's budget: messages it claims per TRANSACTIONAL_INTERVAL_MS (its rate) and at most at once (its burst), on top of the other lanes'. Seeds it at the first boot; then PATCH /api/v1/dispatcher",
  }),
  LANES: str({
    default: "",
    desc: 'JSON array of lanes beside transactional and bulk, each {"name", "intervalMs", "batchSize", "ahead" (its sends go ahead of waiting ones; default false), "arrival" (sends on arrival within batchSize per intervalMs; default false)}: a message names one as its priority. A lane is stored the first time an API starts with it; then PATCH /api/v1/dispatcher (see docs/api.md). Empty = none',
  }),
};

/**
 * Throws ConfigError when `source` sets a setting no longer read, naming what replaced it:
 * ALLOWED_COUNTRIES (the countries a deployment sends to are rules stored through the control
 * plane now, docs/protection.md; a list that is no longer read must not look as if it still
 * restricted anything) and CALLBACK_SECRET (callbacks are signed with CALLBACK_SIGNING_SECRET in
 * the Standard Webhooks format; a receiver would otherwise stop verifying them unawares).
 */
export function refuseReplacedSettings(source: Readonly<Record<string, string | undefined>>): void {
  if (source.CALLBACK_SECRET) {
    throw new ConfigError(
      'CALLBACK_SECRET is no longer read: status callbacks are signed in the Standard Webhooks format with CALLBACK_SIGNING_SECRET, a secret of the form whsec_<base64> (echo "whsec_$(openssl rand -base64 32)"; docs/webhooks.md). Receivers verify the new headers with it',
    );
  }
  if (source.ALLOWED_COUNTRIES) {
    throw new ConfigError(
      "ALLOWED_COUNTRIES is no longer read: the countries messages may go to are rules now (PUT /api/v1/protection/countries/{country}; `dispatcher protection`, docs/protection.md)",
    );
  }
}

/**
 * On a Redis Cluster every key must share one slot (BullMQ's scripts and the cache's MGET touch
 * several keys), so QUEUE_PREFIX must hold a `{hash-tag}`. Throws ConfigError when it does not.
 */
export function requireHashTagOnCluster<T extends { REDIS_CLUSTER_NODES: string; QUEUE_PREFIX: string }>(
  config: T,
): T {
  if (config.REDIS_CLUSTER_NODES.trim() !== "" && !/\{[^{}]+\}/.test(config.QUEUE_PREFIX)) {
    throw new ConfigError(
      `QUEUE_PREFIX must contain a {hash-tag} such as {dispatcher} when REDIS_CLUSTER_NODES is set (got "${config.QUEUE_PREFIX}")`,
    );
  }
  return config;
}
