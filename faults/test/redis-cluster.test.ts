import { eventually, type PrivateRedisCluster, startPrivateRedisCluster } from "@dispatcher/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

// BullMQ #906, #2660: CROSSSLOT errors on Redis Cluster for key families added later. Every key
// family the project writes is exercised here: queues and the scheduler, the sent cache, the rate
// limit's buckets (per key and per IP), the provider pause and its note, and the convergence lock.
describe("Redis Cluster", () => {
  it("the scale-out scenario on a 3-node Redis Cluster with a {hash-tag} prefix, every key family exercised", async (context) => {
    let cluster: PrivateRedisCluster;
    try {
      cluster = await startPrivateRedisCluster(3);
    } catch (error) {
      // Visible in the output and the report: this machine cannot run a cluster.
      process.stdout.write(
        `SKIPPED Redis Cluster scenario: cannot start a local cluster: ${String(error)}\n`,
      );
      context.skip();
      return;
    }
    onTestFinished(() => cluster.stop());
    const stack = await startStack({
      redisUrl: cluster.urls[0]!,
      redisClusterNodes: cluster.urls,
      queuePrefix: "{dispatcher}",
      workers: 3,
      apis: 2,
      intervalMs: 1_000,
      batchSize: 500,
      apiKey: "faults-cluster-key",
    });
    const started = Date.now();
    // A provider pause (limiter key and its note), cleared later by a start (convergence lock).
    await stack.setSwitches({ failNext: 1, failStatus: 429, retryAfter: "30" });
    await stack.insert(3_000);
    await eventually(
      async () => expect((await stack.api("GET", "/api/v1/dispatcher")).body.providerPause).not.toBeNull(),
      30_000,
      100,
    );
    expect((await stack.api("POST", "/api/v1/dispatcher/stop")).status).toBe(200);
    expect((await stack.api("POST", "/api/v1/dispatcher/start", undefined, 1)).status).toBe(200);
    // Rate-limit buckets: per key (above) and per IP (a wrong key).
    const guess = await fetch(`${stack.apiUrls[0]}/api/v1/dispatcher`, {
      headers: { authorization: "Bearer guess" },
    });
    expect(guess.status).toBe(401);
    await finishScenario(stack, "9. scale-out on a 3-node Redis Cluster, every key family", started, {
      figure: () =>
        "queues, scheduler, sent cache, rate-limit buckets, provider pause, convergence lock: no CROSSSLOT",
    });
    expect((await stack.api("GET", "/health")).body).toEqual({ status: "up", postgres: "up", redis: "up" });
    for (const app of [...stack.apis, ...stack.workers]) expect(app.output()).not.toMatch(/CROSSSLOT/);
  });
});
