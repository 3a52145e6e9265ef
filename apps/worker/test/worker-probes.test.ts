import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import {
  APP_ENTRY,
  eventually,
  freePort,
  type PrivateRedis,
  type SpawnedApp,
  spawnApp,
  startPrivateRedis,
} from "@dispatcher/testing";
import { afterAll, describe, expect, inject, it } from "vitest";

let redis: PrivateRedis | undefined;
let worker: SpawnedApp | undefined;
let t: TestDatabase | undefined;
afterAll(async () => {
  await worker?.stop("SIGKILL");
  await redis?.stop();
  await t?.drop();
});

describe("the worker process's probes", () => {
  it("/readyz is 200 while Postgres and Redis answer and 503 naming Redis when it dies; /livez stays 200", async () => {
    t = await createTestDatabase(inject("databaseUrl"));
    redis = await startPrivateRedis();
    const port = await freePort();
    worker = spawnApp("worker", APP_ENTRY.worker, {
      DATABASE_URL: t.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: "probes",
      WORKER_METRICS_PORT: String(port),
      WORKER_METRICS_HOST: "127.0.0.1",
      REDIS_COMMAND_TIMEOUT_MS: "500",
    });
    const base = `http://127.0.0.1:${port}`;
    await eventually(async () => expect((await fetch(`${base}/readyz`)).status).toBe(200), 30_000, 100);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({
      status: "up",
      postgres: "up",
      redis: "up",
    });
    await redis.kill();
    await eventually(
      async () => {
        const res = await fetch(`${base}/readyz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ status: "down", postgres: "up", redis: "down" });
      },
      10_000,
      200,
    );
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect(worker.child.exitCode).toBeNull();
  }, 60_000);
});
