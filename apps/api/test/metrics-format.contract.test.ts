import { reconcileDispatcher } from "@dispatcher/control";
import { insertMessages } from "@dispatcher/db";
import { ownProblems, promtoolCheckMetrics } from "@dispatcher/testing";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

// The API's /metrics as Prometheus's own promtool reads it (metrics.test.ts checks the values).

let h: ApiHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** promtool's verdict on the API's /metrics: it parses, and any lint problem is prom-client's own. */
async function expectPromtoolAccepts(harness: ApiHarness): Promise<void> {
  const res = await harness.app.inject({ method: "GET", url: "/metrics" });
  expect(res.statusCode).toBe(200);
  const check = promtoolCheckMetrics(res.body);
  // 0: clean; 3: lint problems only, which must all be prom-client's own (see promtool.ts).
  expect([0, 3], check.output).toContain(check.exitCode);
  expect(ownProblems(check)).toEqual([]);
}

describe("GET /metrics in Prometheus format", () => {
  it("passes promtool with a running dispatcher, its queues and a backlog", async () => {
    h = await startApi({ logger: pino({ level: "silent" }) });
    await insertMessages(h.db, [{ recipient: "+905551000001", content: "hello" }]);
    await reconcileDispatcher({ db: h.db, queues: h.queues });
    await expectPromtoolAccepts(h);
  });

  it("passes promtool with Redis down (the queue gauges left out)", async () => {
    // Nothing listens on port 1.
    h = await startApi({ redisUrl: "redis://127.0.0.1:1", logger: pino({ level: "silent" }) });
    for (const queue of [h.queues.tick, h.queues.send]) queue.on("error", () => {});
    await expectPromtoolAccepts(h);
  });

  it("promtool rejects text that is not Prometheus format, so the check can fail", () => {
    const check = promtoolCheckMetrics('dispatcher_pending_backlog{source="x" 1\n');
    expect(check.exitCode, check.output).toBe(1);
  });
});
