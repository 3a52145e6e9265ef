import { createHash, randomUUID } from "node:crypto";
import { UNFINISHED_STATUSES } from "@dispatcher/core";
import type { Db } from "@dispatcher/db";
import { createTestDatabase } from "@dispatcher/db/testing";
import type { AnswerRecord, ReceivedList, Switches } from "@dispatcher/mock-provider";
import { APP_ENTRY, eventually, freePort, type SpawnedApp, spawnApp } from "@dispatcher/testing";
import { sql } from "kysely";

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
  mock?: Partial<Switches>;
  workerEnv?: Record<string, string>;
  /** Settings of worker `i` only, on top of `workerEnv` (a test-only switch on one worker, say). */
  workerEnvOf?: (i: number) => Record<string, string>;
  apiEnv?: Record<string, string>;
  queuePrefix?: string;
  /** Turns auth on: API_KEYS holds this key as `ops` (admin), and `api()` presents it. */
  apiKey?: string;
}

/** The real processes of one deployment (mock provider, APIs, workers) on a database of its own. */
export interface FaultStack {
  db: Db;
  /** The BullMQ prefix of the stack's queues (QUEUE_PREFIX). */
  prefix: string;
  databaseUrl: string;
  mockUrl: string;
  apiUrls: string[];
  apis: SpawnedApp[];
  workers: SpawnedApp[];
  /** Adds `n` pending messages (valid numbers, distinct contents) in one statement. */
  insert: (n: number) => Promise<void>;
  setSwitches: (switches: Partial<Switches>) => Promise<void>;
  received: () => Promise<ReceivedList>;
  answers: () => Promise<AnswerRecord[]>;
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
  const database = await createTestDatabase(options.postgresUrl);
  const { db, url: dbUrl } = database;

  const prefix = options.queuePrefix ?? `faults-${randomUUID()}`;
  const common: Record<string, string> = {
    DATABASE_URL: dbUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: prefix,
    // info: readiness is read from the "worker started" line, and a failing run's output says why.
    LOG_LEVEL: "info",
    ...(options.redisClusterNodes ? { REDIS_CLUSTER_NODES: options.redisClusterNodes.join(",") } : {}),
  };
  const mockPort = await freePort();
  const mockUrl = `http://127.0.0.1:${mockPort}`;
  const mock = spawnApp("mock-provider", APP_ENTRY["mock-provider"], {
    MOCK_PROVIDER_PORT: String(mockPort),
    LOG_LEVEL: "warn",
  });
  await eventually(() => fetchOk(`${mockUrl}/health`), 30_000, 100);

  const apiPorts: number[] = [];
  const apiEnv = (port: number) => ({
    ...common,
    API_HOST: "127.0.0.1",
    API_PORT: String(port),
    DISPATCH_INTERVAL_MS: String(options.intervalMs ?? 1_000),
    DISPATCH_BATCH_SIZE: String(options.batchSize ?? 100),
    RECONCILE_INTERVAL_MS: "1000",
    RATE_LIMIT_MAX: "1000000",
    ...(options.apiKey
      ? { API_KEYS: `ops:${createHash("sha256").update(options.apiKey).digest("hex")}` }
      : {}),
    ...options.apiEnv,
  });
  const workerEnv = {
    ...common,
    PROVIDER_URL: `${mockUrl}/messages`,
    ...FAST_RECOVERY_WORKER_ENV,
    ...options.workerEnv,
  };
  const apis: SpawnedApp[] = [];
  for (let i = 0; i < options.apis; i++) {
    const port = await freePort();
    apiPorts.push(port);
    apis.push(spawnApp(`api-${i}`, APP_ENTRY.api, apiEnv(port)));
  }
  const apiUrls = apiPorts.map((p) => `http://127.0.0.1:${p}`);
  const envOfWorker = (i: number) => ({ ...workerEnv, ...options.workerEnvOf?.(i) });
  const workers = Array.from({ length: options.workers }, (_, i) =>
    spawnApp(`worker-${i}`, APP_ENTRY.worker, envOfWorker(i)),
  );
  await Promise.all(apiUrls.map((url) => eventually(() => fetchOk(`${url}/health`), 60_000, 200)));
  await Promise.all(workers.map((w) => eventually(() => assertLogged(w, "worker started"), 60_000, 100)));

  let nextRecipient = 0;
  const stack: FaultStack = {
    db,
    prefix,
    databaseUrl: dbUrl,
    mockUrl,
    apiUrls,
    apis,
    workers,
    insert: async (n) => {
      const from = nextRecipient;
      nextRecipient += n;
      await sql`insert into messages (recipient, content)
                select '+90555' || (1000000 + g)::text, 'fault test ' || g::text
                from generate_series(${from}::int, ${from + n - 1}::int) g`.execute(db);
    },
    setSwitches: async (switches) => {
      const res = await fetch(`${mockUrl}/control`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(switches),
      });
      if (!res.ok) throw new Error(`PUT /control: ${res.status} ${await res.text()}`);
    },
    received: async () => (await (await fetch(`${mockUrl}/messages`)).json()) as ReceivedList,
    answers: async () =>
      ((await (await fetch(`${mockUrl}/requests`)).json()) as { answers: AnswerRecord[] }).answers,
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
      workers[i] = spawnApp(`worker-${i}`, APP_ENTRY.worker, envOfWorker(i));
      await eventually(() => assertLogged(workers[i]!, "worker started"), 60_000, 100);
      return code;
    },
    restartApi: async (i, signal = "SIGTERM") => {
      const code = await apis[i]!.stop(signal);
      apis[i] = spawnApp(`api-${i}`, APP_ENTRY.api, apiEnv(apiPorts[i]!));
      await eventually(() => fetchOk(`${apiUrls[i]}/health`), 60_000, 200);
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
      await Promise.all([...workers, ...apis, mock].map((a) => a.stop("SIGKILL")));
      await database.drop().catch(() => {});
    },
  };
  return stack;
}

async function fetchOk(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
}

function assertLogged(app: SpawnedApp, text: string): void {
  if (app.child.exitCode !== null) throw new Error(`${app.name} exited: ${app.output().slice(-2000)}`);
  if (!app.output().includes(text)) throw new Error(`${app.name} has not logged "${text}" yet`);
}
