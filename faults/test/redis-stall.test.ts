import { startPrivateRedis } from "@dispatcher/testing";
import { sql } from "kysely";
import { describe, expect, it, onTestFinished } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack, waitForSent } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

const API_POOL_SIZE = 3;

describe("Redis stalled", () => {
  it("DEBUG SLEEP mid-run: /health blames Redis only, the API's Postgres pool stays free, nothing is lost or sent twice", async () => {
    const redis = await startPrivateRedis();
    onTestFinished(() => redis.stop());
    const stack = await startStack({
      redisUrl: redis.url,
      workers: 2,
      apis: 1,
      batchSize: 100,
      apiEnv: { DATABASE_POOL_SIZE: String(API_POOL_SIZE), REDIS_COMMAND_TIMEOUT_MS: "1000" },
      workerEnv: { REDIS_COMMAND_TIMEOUT_MS: "1000" },
    });
    await stack.setSwitches({ latencyMs: 20 });
    const started = Date.now();
    await stack.insert(1_000);
    await waitForSent(stack, 150, { timeoutMs: 30_000, intervalMs: 50 });
    const stall = redis.stall(6);
    await new Promise((r) => setTimeout(r, 300));
    const seen: Array<{ status: number; body: { postgres: string; redis: string }; ms: number }> = [];
    const connections: number[] = [];
    const stallEnds = Date.now() + 5_000;
    while (Date.now() < stallEnds) {
      const asked = Date.now();
      const res = await fetch(`${stack.apiUrls[0]}/health`);
      seen.push({
        status: res.status,
        body: (await res.json()) as { postgres: string; redis: string },
        ms: Date.now() - asked,
      });
      const [row] = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
        where datname = current_database() and application_name = 'dispatcher-api'`
        .execute(stack.db)
        .then((r) => r.rows);
      connections.push(Number(row?.n ?? 0));
      await new Promise((r) => setTimeout(r, 400));
    }
    await stall;
    expect(seen.some((s) => s.status === 503 && s.body.redis === "down")).toBe(true);
    expect(seen.every((s) => s.body.postgres === "up")).toBe(true);
    expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(2_500);
    expect(Math.max(...connections)).toBeLessThanOrEqual(API_POOL_SIZE);
    await finishScenario(stack, "13. Redis stalled 6 s (DEBUG SLEEP) mid-run", started);
    const health = await fetch(`${stack.apiUrls[0]}/health`);
    expect(health.status).toBe(200);
  });
});
