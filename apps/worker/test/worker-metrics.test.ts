import { getMessage } from "@dispatcher/db";
import { createLogger } from "@dispatcher/runtime";
import { eventually } from "@dispatcher/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { type MetricsServer, type MetricsServerOptions, startMetricsServer } from "../src/metrics-server.js";
import { createWorkerMetrics } from "../src/worker-metrics.js";
import { type Harness, startHarness } from "./harness.js";

const logger = createLogger({ name: "test", level: "silent", pretty: false });

/** A harness (see startHarness) closed after the test. */
async function harness(options: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness(options);
  onTestFinished(() => h.close());
  return h;
}

/** A metrics server on 127.0.0.1, at a free port unless `options` name one; closed after the test. */
async function serve(
  options: Pick<MetricsServerOptions, "registry"> & Partial<MetricsServerOptions>,
): Promise<MetricsServer> {
  const server = await startMetricsServer({ port: 0, host: "127.0.0.1", logger, ...options });
  onTestFinished(() => server.close());
  return server;
}

/** The value of the one sample line `series` (metric name with labels) in `text`, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The `count` or `sum` of the primary's provider calls under `statusClass` in `text`, or undefined. */
const providerCalls = (text: string, stat: "count" | "sum", statusClass: string) =>
  sample(
    text,
    `dispatcher_provider_request_duration_seconds_${stat}{provider="primary",status_class="${statusClass}"}`,
  );

// Prometheus's promtool reads the same output in metrics-format.contract.test.ts (pnpm test:contract).
describe("worker metrics", () => {
  it("count a 202 as sent and a 400 as failed, and time both provider calls", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const h = await harness({ batchSize: 2, metrics });
    const server = await serve({ registry: metrics.registry });
    await h.setSwitches({ failRecipients: { "+905550000001": 400 } });
    const ids = await h.addMessages(2, (i) => `+90555000000${i + 1}`);
    await h.tick();
    await eventually(async () => {
      expect((await getMessage(h.db, ids[0]!))?.status).toBe("failed");
      expect((await getMessage(h.db, ids[1]!))?.status).toBe("sent");
    });

    let text = "";
    await eventually(async () => {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(metrics.registry.contentType);
      text = await res.text();
      expect(sample(text, 'dispatcher_messages_total{outcome="sent"}')).toBe(1);
      expect(sample(text, 'dispatcher_messages_total{outcome="failed"}')).toBe(1);
    });
    expect(sample(text, 'dispatcher_messages_total{outcome="retried"}')).toBe(0);
    expect(sample(text, 'dispatcher_messages_total{outcome="skipped"}')).toBe(0);
    const count = (statusClass: string) => providerCalls(text, "count", statusClass) ?? 0;
    expect(count("2xx")).toBe(1);
    expect(count("4xx")).toBe(1);
    expect(
      ["2xx", "3xx", "4xx", "5xx", "error"].reduce((sum, c) => sum + count(c), 0),
    ).toBeGreaterThanOrEqual(2);
    expect(providerCalls(text, "sum", "2xx")).toBeGreaterThan(0);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    // The tick that claimed both: one observation of 2 messages, and its duration.
    expect(sample(text, "dispatcher_tick_claimed_messages_count")).toBe(1);
    expect(sample(text, "dispatcher_tick_claimed_messages_sum")).toBe(2);
    expect(sample(text, "dispatcher_tick_duration_seconds_count")).toBe(1);
    expect(sample(text, "dispatcher_tick_duration_seconds_sum")).toBeGreaterThan(0);
  });

  it("counts a retryable 503 as retried, then the 202 as sent, each call under its status class", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const h = await harness({ metrics, sendBackoffMs: 10 });
    await h.setSwitches({ failNext: 1, failStatus: 503 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect((await getMessage(h.db, id!))?.status).toBe("sent"));
    await eventually(async () => {
      const text = await metrics.registry.metrics();
      expect(sample(text, 'dispatcher_messages_total{outcome="retried"}')).toBe(1);
      expect(sample(text, 'dispatcher_messages_total{outcome="sent"}')).toBe(1);
      expect(providerCalls(text, "count", "5xx")).toBe(1);
    });
  });

  it("counts a provider's 429 answers per provider", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const h = await harness({ metrics, sendBackoffMs: 10 });
    await h.setSwitches({ failNext: 2, failStatus: 429, retryAfterSeconds: 0 });
    const [id] = await h.addMessages(1);
    expect(
      sample(await metrics.registry.metrics(), 'dispatcher_provider_rate_limited_total{provider="primary"}'),
    ).toBe(0);
    await h.tick();
    await eventually(async () => expect((await getMessage(h.db, id!))?.status).toBe("sent"), 10_000);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'dispatcher_provider_rate_limited_total{provider="primary"}')).toBe(2);
  });

  it("a provider timeout is timed under status class error, and on the last attempt counted failed", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const h = await harness({ metrics, sendAttempts: 1, timeoutMs: 200 });
    await h.setSwitches({ latencyMs: 1_000 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect((await getMessage(h.db, id!))?.status).toBe("failed"));
    await eventually(async () => {
      const text = await metrics.registry.metrics();
      expect(sample(text, 'dispatcher_messages_total{outcome="failed"}')).toBe(1);
      expect(providerCalls(text, "count", "error")).toBe(1);
      // Timed around the call itself: about the 200 ms timeout, not the provider's 1 s latency.
      const seconds = providerCalls(text, "sum", "error")!;
      expect(seconds).toBeGreaterThanOrEqual(0.19);
      expect(seconds).toBeLessThan(0.9);
    });
  });

  it("the metrics server answers /health, 404 elsewhere, 405 to POST, and picks a free port for 0", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const server = await serve({ registry: metrics.registry });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "up" });
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("/livez answers while the process runs; /readyz is 503 naming a dependency that is down", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    let redis: "up" | "down" = "up";
    const server = await serve({
      registry: metrics.registry,
      ready: async () => ({ postgres: "up", redis }),
    });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "up", postgres: "up", redis: "up" });
    redis = "down";
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "down", postgres: "up", redis: "down" });
    expect((await fetch(`${server.url}/livez`)).status).toBe(200);
  });

  it("a metrics port already in use makes startMetricsServer reject", async () => {
    const metrics = createWorkerMetrics(["primary"]);
    const server = await serve({ registry: metrics.registry });
    const port = Number(new URL(server.url).port);
    await expect(
      startMetricsServer({ registry: metrics.registry, port, host: "127.0.0.1", logger }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
