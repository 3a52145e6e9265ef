import type { ApiKeyEntry } from "@dispatcher/config";
import type { CallbackHostResolver, InboundKeywords } from "@dispatcher/core";
import type { Db } from "@dispatcher/db";
import type { InboundReader, ReceiptReader } from "@dispatcher/providers";
import type { DispatcherQueues, RedisConnection, SentCache } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { DeliveryMetrics } from "./metrics/delivery-metrics.js";
import type { HttpMetrics } from "./metrics/http-metrics.js";
import type { InboundMetrics } from "./metrics/inbound-metrics.js";

/** The API's settings that shape HTTP behaviour (see docs/configuration.md). */
export interface AppSettings {
  /** The API's version (its package.json), shown by `GET /version` and as the OpenAPI document's `info.version`. */
  version: string;
  /** REDIS_ALLOW_EVICTION: a Redis that may evict keys does not make `/health` degraded. */
  allowEviction: boolean;
  /** Named SHA-256 key hashes with roles; empty = no auth. */
  apiKeys: readonly ApiKeyEntry[];
  /** Allowed CORS origins; `["*"]` for any; empty = no CORS headers. */
  corsOrigins: readonly string[];
  rateLimit: { max: number; windowMs: number };
  bodyLimitBytes: number;
  /** TRUST_PROXY (see the config): whom to believe about the client's address. Default: nobody. */
  trustProxy?: boolean | number | readonly string[];
  /** How intake counts segments: MESSAGE_MAX_SEGMENTS (0 = no limit) and PROVIDER_TURKISH_SHIFT_TABLES. */
  segments: { max: number; turkishShiftTables: boolean };
  /** INTAKE_IDEMPOTENCY_TTL_HOURS in ms: how long an intake request's Idempotency-Key is remembered. */
  intakeKeyTtlMs: number;
  /** Namespaces the shared rate-limit counters in Redis. */
  queuePrefix: string;
  /**
   * RECIPIENT_HASH_KEY: the key of the recipient hash intake stores with each message and
   * `GET /api/v1/messages?to=` looks numbers up by (see recipientHash).
   */
  recipientHashKey: string;
  /**
   * The provider's delivery receipts: the secrets they may be signed with (RECEIPT_SECRET, then
   * RECEIPT_SECRET_PREVIOUS) and the timestamp window. Absent: no receipt endpoint.
   */
  receipts?: { secrets: readonly string[]; toleranceSeconds: number };
  /**
   * The named providers that send receipts their own way (POST /provider/{name}/receipts), by
   * name (see createReceiptReaders). Empty or absent: no such endpoint.
   */
  providerReceipts?: ReadonlyMap<string, ReceiptReader>;
  /**
   * The named providers that forward recipients' messages their own way (POST
   * /provider/{name}/inbound), by name (see createInboundReaders). Empty or absent: no such
   * endpoint. The generic POST /provider/inbound comes with `receipts`.
   */
  providerInbound?: ReadonlyMap<string, InboundReader>;
  /** The inbound keywords: BUILT_IN_KEYWORDS with STOP_KEYWORDS, START_KEYWORDS and HELP_KEYWORDS (see withKeywords). */
  inboundKeywords: InboundKeywords;
  /**
   * Status callbacks (CALLBACK_SIGNING_SECRET and RECEIPT_SECRET set): whether callback URLs may
   * point at private addresses (ALLOW_PRIVATE_CALLBACKS), and how their hosts are resolved.
   * Absent: intake refuses callbackUrl.
   */
  callbacks?: {
    allowPrivate: boolean;
    /** Bounded DNS for callback hosts (createCallbackResolver with CALLBACK_DNS_*). */
    resolve: CallbackHostResolver;
    /** API_KEY_CALLBACK_URLS: an API key's name → the callbackUrl of its messages that give none. */
    byKey?: Readonly<Record<string, string>>;
  };
}

/** What the HTTP app needs; built by main.ts, or by tests with test services. */
export interface AppDeps {
  db: Db;
  /** A `client` connection (fails fast), shared by the queues, the cache and the rate limiter. */
  redis: RedisConnection;
  queues: DispatcherQueues;
  cache: SentCache;
  logger: Logger;
  /** This process's delivery counters, shown by GET /metrics (the receipt sweep counts into them too). */
  deliveryMetrics: DeliveryMetrics;
  /** Request durations and intake counts (see createHttpMetrics); buildApp makes one when absent. */
  httpMetrics?: HttpMetrics;
  /** Inbound-message counts (see createInboundMetrics); buildApp makes one when absent. */
  inboundMetrics?: InboundMetrics;
  settings: AppSettings;
}
