import { changeDispatcher, reconcileDispatcher } from "@dispatcher/control";
import { SEND_QUEUE, TICK_QUEUE } from "@dispatcher/core";
import { insertMessages } from "@dispatcher/db";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { QUEUE_JOB_STATES } from "../src/api-metrics.js";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness | undefined;
/** What the app logged, one JSON line each. */
let logLines: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The API (as main.ts builds it) with its log captured; `redisUrl` points it at another Redis. */
async function startMetricsApp(options: { redisUrl?: string } = {}): Promise<ApiHarness> {
  logLines = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logLines.push(line) });
  const harness = await startApi({ ...options, logger });
  // BullMQ prints connection errors nobody listens to; the Redis-down test expects them.
  for (const queue of [harness.queues.tick, harness.queues.send]) queue.on("error", () => {});
  return harness;
}

/** The value of the one sample line `series` (metric name with labels) in `text`, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// Prometheus's promtool reads the same text in metrics-format.contract.test.ts (pnpm test:contract).
describe("GET /metrics", () => {
  it("reports the pending backlog, a running dispatcher with its scheduler, and queue counts", async () => {
    h = await startMetricsApp();
    await insertMessages(
      h.db,
      [1, 2, 3].map((i) => ({ recipient: `+90555100000${i}`, content: `hello ${i}` })),
    );
    await reconcileDispatcher({ db: h.db, queues: h.queues });

    const res = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = res.body;
    expect(sample(text, "dispatcher_pending_backlog")).toBe(3);
    expect(sample(text, 'dispatcher_messages{status="pending"}')).toBe(3);
    expect(sample(text, 'dispatcher_messages{status="failed"}')).toBe(0);
    expect(sample(text, "dispatcher_running")).toBe(1);
    expect(sample(text, "dispatcher_scheduler_present")).toBe(1);
    for (const queue of [TICK_QUEUE, SEND_QUEUE]) {
      for (const state of QUEUE_JOB_STATES) {
        expect(
          sample(text, `dispatcher_queue_jobs{queue="${queue}",state="${state}"}`),
          `${queue} ${state}`,
        ).toBeTypeOf("number");
      }
      expect(sample(text, `dispatcher_queue_paused{queue="${queue}"}`)).toBe(0);
    }
    // The scheduler put its first tick in the queue, and no worker took it.
    const tickJobs = QUEUE_JOB_STATES.reduce(
      (sum, state) =>
        sum + (sample(text, `dispatcher_queue_jobs{queue="${TICK_QUEUE}",state="${state}"}`) ?? 0),
      0,
    );
    expect(tickJobs).toBe(1);
    expect(sample(text, 'dispatcher_metrics_source_up{source="postgres"}')).toBe(1);
    expect(sample(text, 'dispatcher_metrics_source_up{source="redis"}')).toBe(1);
    expect(text).toMatch(/^dispatcher_api_process_cpu_seconds_total /m);
  });

  it("reports a stopped dispatcher: not running, no scheduler, send queue paused", async () => {
    h = await startMetricsApp();
    await reconcileDispatcher({ db: h.db, queues: h.queues });
    await changeDispatcher({ db: h.db, queues: h.queues }, { running: false }, "test");

    const text = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, "dispatcher_running")).toBe(0);
    expect(sample(text, "dispatcher_scheduler_present")).toBe(0);
    expect(sample(text, `dispatcher_queue_paused{queue="${SEND_QUEUE}"}`)).toBe(1);
  });

  it("with Redis down still answers 200 with the Postgres gauges, leaves the queue gauges out and logs a warning", async () => {
    // Nothing listens on port 1.
    h = await startMetricsApp({ redisUrl: "redis://127.0.0.1:1" });
    await insertMessages(h.db, [{ recipient: "+905551000001", content: "hello" }]);

    const res = await h.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(sample(text, "dispatcher_pending_backlog")).toBe(1);
    expect(sample(text, "dispatcher_running")).toBe(1);
    expect(sample(text, 'dispatcher_metrics_source_up{source="postgres"}')).toBe(1);
    expect(sample(text, 'dispatcher_metrics_source_up{source="redis"}')).toBe(0);
    expect(text).not.toMatch(/^dispatcher_queue_jobs\{/m);
    expect(text).not.toMatch(/^dispatcher_scheduler_present /m);
    const warnings = logLines.map(
      (line) => JSON.parse(line) as { level: number; source?: string; msg: string },
    );
    expect(warnings.filter((w) => w.level === 40 && w.source === "redis")).toHaveLength(1);
  });
});
