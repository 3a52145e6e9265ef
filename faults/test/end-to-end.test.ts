import { randomUUID } from "node:crypto";
import { createDb, type Db, insertMessages } from "@dispatcher/db";
import { dropDatabase } from "@dispatcher/db/admin";
import { mockProviderClient } from "@dispatcher/mock-provider";
import {
  APP_ENTRY,
  eventually,
  type SpawnedApp,
  spawnApp,
  startApi,
  startMockProvider,
  startWorker,
} from "@dispatcher/testing";
import { afterAll, describe, expect, inject, it } from "vitest";

// The real processes, as `pnpm start` runs them: migrate, mock provider, API and two workers.
const apps: SpawnedApp[] = [];
let db: Db | undefined;
let databaseUrl = "";

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop("SIGKILL")));
  await db?.destroy();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

function databaseUrlFor(name: string): string {
  const url = new URL(inject("databaseUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

describe("end to end", () => {
  it("every message inserted reaches the mock provider exactly once and is listed by the API", async () => {
    databaseUrl = databaseUrlFor(`e2e_${randomUUID().replaceAll("-", "")}`);
    const common = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: `test-${randomUUID()}`,
      LOG_LEVEL: "info",
    };
    // `pnpm migrate` on a database that does not exist yet creates it.
    const migrate = spawnApp("migrate", APP_ENTRY.migrate, common);
    expect(await migrate.exited, migrate.output()).toBe(0);

    const mock = await startMockProvider({ MOCK_PROVIDER_AUTH_KEY: "e2e-secret" });
    apps.push(mock.app);
    const workerEnv = {
      ...common,
      PROVIDER_URL: `${mock.baseUrl}/messages`,
      PROVIDER_AUTH_KEY: "e2e-secret",
      WORKER_CONCURRENCY: "4",
    };
    // Each process joins `apps` (stopped after the file) as soon as it is up, even if another fails.
    const tracked = <T extends SpawnedApp>(app: T): T => {
      apps.push(app);
      return app;
    };
    const [api, ...workers] = await Promise.all([
      startApi("api", { ...common, DISPATCH_INTERVAL_MS: "1000", DISPATCH_BATCH_SIZE: "5" }).then((a) => {
        tracked(a.app);
        return a;
      }),
      startWorker("worker-1", workerEnv).then(tracked),
      startWorker("worker-2", workerEnv).then(tracked),
    ]);
    const apiUrl = api.baseUrl;
    const mockUrl = mock.baseUrl;
    expect(await getJson(`${apiUrl}/health`)).toMatchObject({ status: "up" });
    // AUTO_START defaults to true: a fresh deploy is running with no API call.
    expect(await getJson(`${apiUrl}/api/v1/dispatcher`)).toMatchObject({
      state: "running",
      intervalMs: 1000,
      batchSize: 5,
    });

    db = createDb({ url: databaseUrl, poolSize: 2 });
    const inserted = await insertMessages(
      db,
      Array.from({ length: 20 }, (_, i) => ({
        recipient: `+9055512${String(34_000 + i)}`,
        content: `e2e ${i}`,
      })),
    );

    const received = await eventually(
      async () => {
        const list = await mockProviderClient(mockUrl).received();
        expect(list.counters.accepted).toBe(20);
        return list;
      },
      60_000,
      250,
    );
    expect(received.counters.duplicates).toBe(0);
    expect(received.received.every((r) => r.requests === 1)).toBe(true);

    const rows = await db.selectFrom("messages").selectAll().orderBy("id").execute();
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    const byKey = new Map(received.received.map((r) => [r.idempotencyKey, r]));
    for (const row of rows) {
      const seen = byKey.get(row.idempotencyKey);
      expect(seen, `message ${row.id} reached the provider`).toBeDefined();
      expect(seen).toMatchObject({
        to: row.recipient,
        content: row.content,
        messageId: row.providerMessageId,
      });
    }

    const page = await getJson<{
      items: Array<{ id: number; messageId: string }>;
      nextCursor: string | null;
    }>(`${apiUrl}/api/v1/messages/sent?limit=50`);
    expect(page.items.map((m) => m.id).sort((a, b) => a - b)).toEqual(inserted.map((m) => m.id));
    expect(new Set(page.items.map((m) => m.messageId))).toEqual(
      new Set(received.received.map((r) => r.messageId)),
    );
    expect(page.nextCursor).toBeNull();

    // SIGTERM closes each process cleanly.
    const codes = await Promise.all([...workers, api.app, mock.app].map((a) => a.stop("SIGTERM")));
    expect(codes).toEqual([0, 0, 0, 0]);
    for (const w of workers) expect(w.output()).toContain("shut down cleanly");
  }, 120_000);

  it("SIGTERM to a worker mid-send, even twice, lets in-flight sends finish: it exits 0 and nothing is left sending", async () => {
    const url = databaseUrlFor(`e2e_${randomUUID().replaceAll("-", "")}`);
    const common = { DATABASE_URL: url, REDIS_URL: inject("redisUrl"), QUEUE_PREFIX: `test-${randomUUID()}` };
    const migrate = spawnApp("migrate", APP_ENTRY.migrate, common);
    expect(await migrate.exited, migrate.output()).toBe(0);
    const mock = await startMockProvider({ MOCK_PROVIDER_LATENCY_MS: "1500" });
    apps.push(mock.app);
    const api = await startApi("api", { ...common, DISPATCH_INTERVAL_MS: "1000", DISPATCH_BATCH_SIZE: "4" });
    apps.push(api.app);
    const worker = await startWorker("worker", {
      ...common,
      PROVIDER_URL: `${mock.baseUrl}/messages`,
      WORKER_CONCURRENCY: "4",
    });
    apps.push(worker);
    const local = createDb({ url, poolSize: 2 });
    try {
      await insertMessages(
        local,
        Array.from({ length: 4 }, (_, i) => ({
          recipient: `+9055577${String(10_000 + i)}`,
          content: `slow ${i}`,
        })),
      );
      // Wait until sends are in flight (the provider takes 1.5 s to answer each).
      await eventually(
        async () => {
          const sending = await local
            .selectFrom("messages")
            .select("id")
            .where("status", "=", "sending")
            .execute();
          expect(sending.length).toBeGreaterThan(0);
        },
        30_000,
        50,
      );
      // Two SIGTERMs 50 ms apart, as an orchestrator stopping several replicas may send them.
      worker.child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 50));
      worker.child.kill("SIGTERM");
      expect(await worker.exited, worker.output()).toBe(0);
      expect(worker.output()).toContain("already shutting down");
      const rows = await local.selectFrom("messages").select(["status"]).execute();
      expect(rows.filter((r) => r.status === "sending")).toEqual([]);
      expect(rows.filter((r) => r.status === "sent").length).toBeGreaterThan(0);
    } finally {
      await Promise.all([api.app.stop(), mock.app.stop()]);
      await local.destroy();
      await dropDatabase(url);
    }
  }, 90_000);

  it("a process that cannot reach Postgres or Redis says which, where and how to start it, and exits 1", async () => {
    const noPostgres = spawnApp("api", APP_ENTRY.api, {
      DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/dispatcher",
      REDIS_URL: inject("redisUrl"),
    });
    expect(await noPostgres.exited).toBe(1);
    expect(noPostgres.output()).toMatch(
      /Cannot reach Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/dispatcher/,
    );
    expect(noPostgres.output()).toContain("pg_ctlcluster");
    expect(noPostgres.output()).not.toContain("hunter2");

    const noRedis = spawnApp("worker", APP_ENTRY.worker, {
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: "redis://127.0.0.1:1",
    });
    expect(await noRedis.exited).toBe(1);
    expect(noRedis.output()).toMatch(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    expect(noRedis.output()).toContain("redis-server");
  }, 60_000);

  it("in production an API without API_KEYS refuses to start, and says why", async () => {
    const api = spawnApp("api", APP_ENTRY.api, {
      NODE_ENV: "production",
      DATABASE_URL: inject("databaseUrl"),
      REDIS_URL: inject("redisUrl"),
    });
    expect(await api.exited).toBe(1);
    expect(api.output()).toMatch(/API_KEYS is empty: refusing to start/);
  }, 30_000);
});
