import { createHash } from "node:crypto";
import { UNFINISHED_STATUSES } from "@dispatcher/core";
import type { Db } from "@dispatcher/db";
import { type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import {
  createSandbox,
  eventually,
  freePort,
  type SpawnedApp,
  type SwitchableProxy,
  startApi,
  startMockProvider,
  startSwitchableProxy,
  startWorker,
} from "@dispatcher/testing";
import { sql } from "kysely";
import { findLeaks } from "./privacy-scan.js";

/** The fault suite's worker entry point (a real worker, broken on purpose by its FAULT_* settings). */
const FAULTY_WORKER_ENTRY = "faults/src/faulty-worker/main.ts";

export interface StackOptions {
  /** Postgres server URL; the stack creates (and later drops) its own database on it. */
  postgresUrl: string;
  /** Redis URL, or the seed nodes of a Redis Cluster with `redisClusterNodes`. */
  redisUrl: string;
  redisClusterNodes?: string[];
  workers: number;
  apis: number;
  intervalMs?: number;
  batchSize?: number;
  workerEnv?: Record<string, string>;
  /**
   * Settings of worker `i` only, on top of `workerEnv`. A worker given any FAULT_* setting runs the
   * fault suite's own worker entry point (see faulty-worker/main.ts), which breaks it on purpose.
   */
  workerEnvOf?: (i: number) => Record<string, string>;
  apiEnv?: Record<string, string>;
  queuePrefix?: string;
  /** Turns auth on: API_KEYS holds this key as `ops` (admin), and `api()` presents it. */
  apiKey?: string;
  /**
   * Turns delivery receipts on: every API has RECEIPT_SECRET set to this, and the mock provider
   * sends its receipts, signed with it, to the first API.
   */
  receiptSecret?: string;
  /**
   * Adds a second mock provider, `secondary`, a standby (weight 0) beside the primary in PROVIDERS,
   * with quick breakers (FAILOVER_WORKER_ENV), and puts the primary behind a proxy the scenario
   * can take down and bring back (`primaryLink`).
   */
  secondary?: boolean;
  /** The first API's port (default: a free one), for settings that must name it before it starts. */
  firstApiPort?: number;
}

/** Breaker settings quick enough for a scenario: a 2 s window, 5 calls, half failed, a 2 s cool-down. */
export const FAILOVER_WORKER_ENV = {
  PROVIDER_BREAKER_WINDOW_MS: "2000",
  PROVIDER_BREAKER_MIN_CALLS: "5",
  PROVIDER_BREAKER_FAILURE_RATE: "0.5",
  PROVIDER_BREAKER_COOLDOWN_MS: "2000",
};

/**
 * The real processes of one deployment (mock provider, APIs, workers) on a database of its own;
 * the mock provider's switches and logs through MockProviderClient.
 */
export interface FaultStack extends MockProviderClient {
  db: Db;
  /** The BullMQ prefix of the stack's queues (QUEUE_PREFIX). */
  prefix: string;
  databaseUrl: string;
  mockUrl: string;
  apiUrls: string[];
  apis: SpawnedApp[];
  workers: SpawnedApp[];
  /** With `secondary`: the second mock provider, and the proxy the workers reach the primary through. */
  secondary?: MockProviderClient & { mockUrl: string };
  primaryLink?: SwitchableProxy;
  /** Adds `n` pending messages (valid numbers, distinct contents) in one statement. */
  insert: (n: number) => Promise<void>;
  /** Calls the API `index` (default 0) with a JSON body (and the stack's key); returns status and body. */
  api: (
    method: string,
    path: string,
    body?: unknown,
    index?: number,
  ) => Promise<{ status: number; body: any }>;
  /** Replaces worker `i`'s process: `signal` to the old one (default SIGKILL), then a new one. */
  restartWorker: (i: number, signal?: NodeJS.Signals) => Promise<number | string>;
  restartApi: (i: number, signal?: NodeJS.Signals) => Promise<number | string>;
  /** Resolves once no message is pending, queued or sending; rejects after `timeoutMs`. */
  drained: (timeoutMs: number) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * PROVIDERS with two webhook providers at `primaryUrl` and `secondaryUrl`: `primary`, and
 * `secondary`, a standby (weight 0) that takes new messages while the primary's breaker is open;
 * with the quick breakers of FAILOVER_WORKER_ENV.
 */
export function twoProviderEnv(primaryUrl: string, secondaryUrl: string): Record<string, string> {
  const webhook = (name: string, url: string, weight: number) => ({
    name,
    kind: "webhook",
    url,
    weight,
    authKey: { env: "PROVIDER_AUTH_KEY" },
  });
  return {
    PROVIDERS: JSON.stringify([webhook("primary", primaryUrl, 1), webhook("secondary", secondaryUrl, 0)]),
    PROVIDER_AUTH_KEY: "dev-key",
    ...FAILOVER_WORKER_ENV,
  };
}

/** Settings that make recovery quick enough for a test run; production keeps the defaults. */
export const FAST_RECOVERY_WORKER_ENV = {
  WORKER_CONCURRENCY: "20",
  SEND_ATTEMPTS: "12",
  SEND_BACKOFF_MS: "100",
  PROVIDER_TIMEOUT_MS: "1000",
  ORPHAN_AFTER_MS: "3000",
  WORKER_LOCK_DURATION_MS: "4000",
  WORKER_STALLED_INTERVAL_MS: "2000",
  WORKER_MAX_STALLED_COUNT: "10",
  WORKER_METRICS_PORT: "0",
};

export async function startFaultStack(options: StackOptions): Promise<FaultStack> {
  const sandbox = await createSandbox({
    postgresUrl: options.postgresUrl,
    redis: options.redisClusterNodes ? { clusterNodes: options.redisClusterNodes } : options.redisUrl,
    label: "faults",
    prefix: options.queuePrefix,
  });
  const { db, databaseUrl: dbUrl, prefix } = sandbox;
  const common: Record<string, string> = {
    DATABASE_URL: dbUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    // info: readiness is read from the "worker started" line, and a failing run's output says why.
    LOG_LEVEL: "info",
    ...(options.redisClusterNodes ? { REDIS_CLUSTER_NODES: options.redisClusterNodes.join(",") } : {}),
  };
  // With receipts, the first API's port is chosen first: the mock provider sends receipts to it.
  const receiptApiPort = options.firstApiPort ?? (options.receiptSecret ? await freePort() : undefined);
  const receiptEnv: Record<string, string> = options.receiptSecret
    ? {
        MOCK_PROVIDER_RECEIPT_URL: `http://127.0.0.1:${receiptApiPort}/provider/receipts`,
        MOCK_PROVIDER_RECEIPT_SECRET: options.receiptSecret,
      }
    : {};
  const mock = await startMockProvider(receiptEnv).catch(async (error: unknown) => {
    await sandbox.cleanup().catch(() => {});
    throw error;
  });
  const mockUrl = mock.baseUrl;
  const second = options.secondary ? await startMockProvider() : undefined;
  const primaryLink = options.secondary
    ? await startSwitchableProxy({ host: "127.0.0.1", port: mock.port })
    : undefined;

  const apiEnv = {
    ...common,
    DISPATCH_INTERVAL_MS: String(options.intervalMs ?? 1_000),
    DISPATCH_BATCH_SIZE: String(options.batchSize ?? 100),
    RECONCILE_INTERVAL_MS: "1000",
    RATE_LIMIT_MAX: "1000000",
    ...(options.receiptSecret ? { RECEIPT_SECRET: options.receiptSecret } : {}),
    ...(options.apiKey
      ? { API_KEYS: `ops:${createHash("sha256").update(options.apiKey).digest("hex")}` }
      : {}),
    ...options.apiEnv,
  };
  const workerEnv = {
    ...common,
    PROVIDER_URL: `${primaryLink?.baseUrl ?? mockUrl}/messages`,
    ...FAST_RECOVERY_WORKER_ENV,
    ...(second && primaryLink
      ? twoProviderEnv(`${primaryLink.baseUrl}/messages`, `${second.baseUrl}/messages`)
      : {}),
    ...options.workerEnv,
  };
  const envOfWorker = (i: number) => ({ ...workerEnv, ...options.workerEnvOf?.(i) });
  const startWorkerNo = (i: number) => {
    const env = envOfWorker(i);
    const faulty = Object.keys(env).some((name) => name.startsWith("FAULT_"));
    return startWorker(`worker-${i}`, env, faulty ? FAULTY_WORKER_ENTRY : undefined);
  };
  const [apiStarts, workerStarts] = await Promise.all([
    Promise.allSettled(
      Array.from({ length: options.apis }, (_, i) =>
        startApi(`api-${i}`, apiEnv, i === 0 ? receiptApiPort : undefined),
      ),
    ),
    Promise.allSettled(Array.from({ length: options.workers }, (_, i) => startWorkerNo(i))),
  ]);
  const started = apiStarts.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const workers = workerStarts.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = [...apiStarts, ...workerStarts].find((s) => s.status === "rejected");
  if (failed) {
    // A process that failed to start is gone already: stop the others and drop the database.
    await Promise.all(
      [mock.app, ...(second ? [second.app] : []), ...started.map((a) => a.app), ...workers].map((a) =>
        a.stop("SIGKILL"),
      ),
    );
    await primaryLink?.close();
    await sandbox.cleanup().catch(() => {});
    throw failed.reason;
  }
  const apis = started.map((a) => a.app);
  /** Every API and worker process the stack started, replaced ones included. */
  const everStarted: SpawnedApp[] = [...apis, ...workers];
  const apiPorts = started.map((a) => a.port);
  const apiUrls = started.map((a) => a.baseUrl);

  let nextRecipient = 0;
  const stack: FaultStack = {
    db,
    prefix,
    databaseUrl: dbUrl,
    mockUrl,
    apiUrls,
    apis,
    workers,
    secondary: second ? { ...mockProviderClient(second.baseUrl), mockUrl: second.baseUrl } : undefined,
    primaryLink,
    insert: async (n) => {
      const from = nextRecipient;
      nextRecipient += n;
      await sql`insert into messages (recipient, content)
                select '+90555' || (1000000 + g)::text, 'fault test ' || g::text
                from generate_series(${from}::int, ${from + n - 1}::int) g`.execute(db);
    },
    ...mockProviderClient(mockUrl),
    api: async (method, path, body, index = 0) => {
      const res = await fetch(`${apiUrls[index]}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    restartWorker: async (i, signal = "SIGKILL") => {
      const code = await workers[i]!.stop(signal);
      reportUncleanExit(workers[i]!, code, signal);
      workers[i] = await startWorkerNo(i);
      everStarted.push(workers[i]!);
      return code;
    },
    restartApi: async (i, signal = "SIGTERM") => {
      const code = await apis[i]!.stop(signal);
      reportUncleanExit(apis[i]!, code, signal);
      apis[i] = (await startApi(`api-${i}`, apiEnv, apiPorts[i])).app;
      everStarted.push(apis[i]!);
      return code;
    },
    drained: async (timeoutMs) => {
      await eventually(
        async () => {
          const row = await db
            .selectFrom("messages")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("status", "in", UNFINISHED_STATUSES)
            .executeTakeFirstOrThrow();
          if (Number(row.n) > 0) throw new Error(`${row.n} messages not finished after ${timeoutMs} ms`);
        },
        timeoutMs,
        250,
      );
    },
    stop: async () => {
      await Promise.all(
        [...workers, ...apis, mock.app, ...(second ? [second.app] : [])].map((a) => a.stop("SIGKILL")),
      );
      await primaryLink?.close();
      // Every API and worker the stack ran kept numbers and contents out of its output (the mock
      // providers are the providers: theirs is not the dispatcher's).
      const leaks = await findLeaks(
        db,
        everStarted.map((app) => ({ name: app.name, text: app.output() })),
      ).finally(() => sandbox.cleanup().catch(() => {}));
      if (leaks.length > 0) throw new Error(`privacy: ${leaks.join("; ")}`);
    },
  };
  return stack;
}

/**
 * Prints the last output of a process that did not exit cleanly on a graceful `signal` (SIGTERM:
 * anything but 0), so a failing scenario's log says why it exited as it did.
 */
function reportUncleanExit(app: SpawnedApp, code: number | string, signal: NodeJS.Signals): void {
  if (signal === "SIGKILL" || code === 0) return;
  console.warn(`${app.name} exited ${code} on ${signal}; its last output:\n${app.output().slice(-4_000)}`);
}
