import { changeDispatcher, reconcileDispatcher } from "@dispatcher/control";
import { SEND_QUEUE, TICK_QUEUE } from "@dispatcher/core";
import { insertMessages } from "@dispatcher/db";
import { sql } from "kysely";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { QUEUE_JOB_STATES } from "../src/metrics/api-metrics.js";
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
    expect(sample(text, 'dispatcher_unsent_messages{status="pending"}')).toBe(3);
    expect(sample(text, 'dispatcher_unsent_messages{status="failed"}')).toBe(0);
    // No family shares the gauge's name with the workers' counter dispatcher_messages_total.
    expect(text).not.toMatch(/^# TYPE dispatcher_messages /m);
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
    // Node's metrics under their standard names, as stock dashboards expect.
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it("reports each lane's oldest due pending message's age, ignoring messages not due yet", async () => {
    h = await startMetricsApp();
    await insertMessages(h.db, [
      { recipient: "+905551000001", content: "late", priority: "transactional" },
      { recipient: "+905551000002", content: "later", sendAt: new Date(Date.now() + 3_600_000) },
    ]);
    await sql`update messages set created_at = now() - interval '90 seconds' where content = 'late'`.execute(
      h.db,
    );
    const text = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    const transactional = sample(
      text,
      'dispatcher_oldest_due_pending_age_seconds{priority="transactional"}',
    )!;
    expect(transactional).toBeGreaterThanOrEqual(90);
    expect(transactional).toBeLessThan(120);
    expect(sample(text, 'dispatcher_oldest_due_pending_age_seconds{priority="bulk"}')).toBe(0);
  });

  it("counts each lane's due pending messages, leaving out those scheduled for later and those claimed", async () => {
    h = await startMetricsApp();
    await insertMessages(h.db, [
      { recipient: "+905551000011", content: "due 1" },
      { recipient: "+905551000012", content: "due 2" },
      { recipient: "+905551000013", content: "due 3" },
      { recipient: "+905551000014", content: "tomorrow", sendAt: new Date(Date.now() + 86_400_000) },
      { recipient: "+905551000015", content: "otp", priority: "transactional" },
    ]);
    await sql`update messages set status = 'queued' where content = 'due 3'`.execute(h.db);
    const text = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, 'dispatcher_due_pending_messages{priority="bulk"}')).toBe(2);
    expect(sample(text, 'dispatcher_due_pending_messages{priority="transactional"}')).toBe(1);
  });

  it("counts intake by lane and times every answer by route template, never by raw URL", async () => {
    h = await startMetricsApp();
    const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      h!.inject({ method: "POST", url, payload, headers });
    expect((await post("/api/v1/messages", { to: "+905551000001", content: "a" })).statusCode).toBe(201);
    const bulk = {
      messages: [
        { to: "+905551000002", content: "b", priority: "transactional" },
        { to: "+905551000003", content: "c" },
      ],
    };
    expect((await post("/api/v1/messages/bulk", bulk, { "idempotency-key": "k-1" })).statusCode).toBe(201);
    // A replay stores nothing, and counts nothing.
    expect((await post("/api/v1/messages/bulk", bulk, { "idempotency-key": "k-1" })).statusCode).toBe(201);
    await h.inject({ method: "GET", url: "/api/v1/messages/12345" });
    await h.inject({ method: "GET", url: "/api/v1/messages/67890" });
    await h.inject({ method: "GET", url: "/api/v1/no-such-thing" });
    const text = (await h.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, 'dispatcher_intake_messages_total{priority="bulk"}')).toBe(2);
    expect(sample(text, 'dispatcher_intake_messages_total{priority="transactional"}')).toBe(1);
    const count = (labels: string) =>
      sample(text, `dispatcher_http_request_duration_seconds_count{${labels}}`);
    expect(count('method="POST",route="/api/v1/messages",status_code="201"')).toBe(1);
    expect(count('method="POST",route="/api/v1/messages/bulk",status_code="201"')).toBe(2);
    expect(count('method="GET",route="/api/v1/messages/:id",status_code="404"')).toBe(2);
    expect(count('method="GET",route="unmatched",status_code="404"')).toBe(1);
    expect(text).not.toContain("12345");
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
