import { type PrivateRedisCluster, startPrivateRedisCluster } from "@dispatcher/testing";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type FaultStack, startFaultStack } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";

let stack: FaultStack | undefined;
let cluster: PrivateRedisCluster | undefined;
afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
});

describe("Redis Cluster", () => {
  it("the scale-out scenario on a 3-node Redis Cluster with a {hash-tag} prefix", async (context) => {
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
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: cluster.urls[0]!,
      redisClusterNodes: cluster.urls,
      queuePrefix: "{dispatcher}",
      workers: 3,
      apis: 2,
      intervalMs: 1_000,
      batchSize: 500,
    });
    const started = Date.now();
    await stack.insert(3_000);
    await finishScenario(stack, "9. scale-out on a 3-node Redis Cluster", started);
    expect((await stack.api("GET", "/health")).body).toEqual({ status: "up", postgres: "up", redis: "up" });
  });
});
