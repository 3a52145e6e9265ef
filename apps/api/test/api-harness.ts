import { type ApiKeyEntry, DEVELOPMENT_RECIPIENT_HASH_KEY } from "@dispatcher/config";
import { reconcileDispatcher } from "@dispatcher/control";
import { BUILT_IN_KEYWORDS, signPayload } from "@dispatcher/core";
import { type Db, seedDispatcherState } from "@dispatcher/db";
import {
  createSentCache,
  type DispatcherQueues,
  type RedisConnection,
  type SentCache,
} from "@dispatcher/redis";
import { createLogger, type Logger } from "@dispatcher/runtime";
import { createSandbox } from "@dispatcher/testing";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { inject } from "vitest";
import type { AppSettings } from "../src/app-deps.js";
import { hashApiKey } from "../src/auth/api-keys.js";
import { buildApp } from "../src/build-app.js";
import { createDeliveryMetrics } from "../src/metrics/delivery-metrics.js";

/** The key every harness accepts by default, named `ops`. */
export const TEST_KEY = "ops-test-key";
export const TEST_KEYS: ApiKeyEntry[] = [{ name: "ops", sha256: hashApiKey(TEST_KEY), role: "admin" }];

export interface ApiHarness {
  app: FastifyInstance;
  db: Db;
  queues: DispatcherQueues;
  cache: SentCache;
  redis: RedisConnection;
  prefix: string;
  /** The settings the app was built with (another app over the same services may share them). */
  settings: AppSettings;
  /** `app.inject` with the test key presented as a Bearer token (unless headers say otherwise). */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

/** The API app over a fresh database and queue prefix, seeded and converged as main.ts does. */
export async function startApi(
  options: {
    running?: boolean;
    /** The stored content limit (default 160). */
    messageMaxLength?: number;
    /** A Redis of the test's own (not reset at start or close; the test owns it). */
    redisUrl?: string;
    /** REDIS_COMMAND_TIMEOUT_MS of the API's connection (default 5 s). */
    redisCommandTimeoutMs?: number;
    settings?: Partial<AppSettings>;
    logger?: Logger;
  } = {},
): Promise<ApiHarness> {
  const sandbox = await createSandbox({
    postgresUrl: inject("databaseUrl"),
    redis: options.redisUrl ?? inject("redisUrl"),
    redisCommandTimeoutMs: options.redisCommandTimeoutMs,
  });
  const { db, prefix, redis, queues } = sandbox;
  const cache = createSentCache(redis, { prefix, ttlSeconds: 600 });
  await seedDispatcherState(
    db,
    {
      running: options.running ?? true,
      messageMaxLength: options.messageMaxLength ?? 160,
    },
    "system",
  );
  if (!options.redisUrl) await reconcileDispatcher({ db: db, queues });
  const settings: AppSettings = {
    version: "0.0.0-test",
    allowEviction: false,
    apiKeys: TEST_KEYS,
    corsOrigins: [],
    rateLimit: { max: 10_000, windowMs: 60_000 },
    bodyLimitBytes: 524_288,
    intakeKeyTtlMs: 86_400_000,
    recipientHashKey: DEVELOPMENT_RECIPIENT_HASH_KEY,
    segments: { max: 0, turkishShiftTables: false },
    inboundKeywords: BUILT_IN_KEYWORDS,
    queuePrefix: prefix,
    ...options.settings,
  };
  const app = await buildApp({
    db: db,
    redis,
    queues,
    cache,
    logger: options.logger ?? createLogger({ name: "api-test", level: "silent", pretty: false }),
    deliveryMetrics: createDeliveryMetrics(),
    settings,
  });
  return {
    app,
    db,
    queues,
    cache,
    redis,
    prefix,
    settings,
    inject: (opts) =>
      app.inject({ ...opts, headers: { authorization: `Bearer ${TEST_KEY}`, ...(opts.headers ?? {}) } }),
    close: async () => {
      await app.close();
      await sandbox.cleanup();
    },
  };
}

/** An answer read over a real socket: status, headers and the JSON body (undefined when empty). */
export interface SocketAnswer<B> {
  status: number;
  headers: Headers;
  body: B;
}

/**
 * Calls the API listening at `base` (see `app.listen`) over a real socket: `body` as JSON when
 * given, and the test key as a Bearer token unless `options.key` names another (null: no key);
 * `options.headers` go on top.
 */
export async function callOverSocket<B = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<SocketAnswer<B>> {
  const key = options.key === undefined ? TEST_KEY : options.key;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as B };
}

/**
 * POSTs `body` to `path` of the API at `base` as the generic provider endpoints take it: JSON (these
 * exact bytes when a string) with `x-signature` made now with `secret`, unless `options.signature`
 * gives another (null: none). Answers the status and the JSON body.
 */
export async function postSigned(
  base: string,
  path: string,
  body: unknown,
  options: { secret: string; signature?: string | null; contentType?: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? signPayload(options.secret, text) : options.signature;
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      ...(signature === null ? {} : { "x-signature": signature }),
    },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The value of the sample of GET /metrics at `base` that `series` names exactly (`name{labels}`); 0 when absent. */
export async function metricValue(base: string, series: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}
