import { getMessage } from "@dispatcher/db";
import { createLogger } from "@dispatcher/runtime";
import { eventually, ownProblems, promtoolCheckMetrics } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type MetricsServer, startMetricsServer } from "../src/metrics-server.js";
import { createWorkerMetrics } from "../src/worker-metrics.js";
import { type Harness, startHarness } from "./harness.js";

// A worker's /metrics as Prometheus's own promtool reads it (worker-metrics.test.ts checks the values).

const logger = createLogger({ name: "test", level: "silent", pretty: false });

let h: Harness | undefined;
let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  await h?.close();
  server = undefined;
  h = undefined;
});

describe("a worker's /metrics in Prometheus format", () => {
  it("passes promtool after a sent and a failed message", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    h = await startHarness({ batchSize: 2, metrics });
    server = await startMetricsServer({ registry: metrics.registry, port: 0, host: "127.0.0.1", logger });
    await h.setSwitches({ failRecipients: { "+905550000001": 400 } });
    const ids = await h.addMessages(2, (i) => `+90555000000${i + 1}`);
    await h.tick();
    await eventually(async () => {
      expect((await getMessage(h!.db, ids[0]!))?.status).toBe("failed");
      expect((await getMessage(h!.db, ids[1]!))?.status).toBe("sent");
    });

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const check = promtoolCheckMetrics(await res.text());
    // 0: clean; 3: lint problems only, which must all be prom-client's own (see promtool.ts).
    expect([0, 3], check.output).toContain(check.exitCode);
    expect(ownProblems(check)).toEqual([]);
  });

  it("promtool rejects text that is not Prometheus format, so the check can fail", () => {
    const check = promtoolCheckMetrics('dispatcher_messages_total{outcome="sent" 1\n');
    expect(check.exitCode, check.output).toBe(1);
  });
});
