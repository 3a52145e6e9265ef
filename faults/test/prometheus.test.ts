import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTestEnv } from "@dispatcher/config";
import { eventually, freePort } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultStack } from "../src/fault-stack.js";
import { useFaultStack } from "../src/use-fault-stack.js";

// A real Prometheus (Debian's, unpacked by scripts/install-promtool.sh) on a free port scrapes a
// running API and worker every second and evaluates deploy/prometheus/alerts.yml. Asserted through
// Prometheus's HTTP API: the series exist, every query of deploy/grafana/dispatcher.json runs
// without error, the rules evaluate cleanly, and the provider-errors alert goes pending once the
// provider is taken down.

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ALERTS = join(REPO, "deploy/prometheus/alerts.yml");
const DASHBOARD = join(REPO, "deploy/grafana/dispatcher.json");
const SCREENSHOT = join(REPO, "docs/screenshots/provider-answers.svg");

/** The Prometheus server binary: PROMETHEUS, else beside PROMTOOL. */
function prometheusBinary(): string {
  const env = loadTestEnv();
  return env.PROMETHEUS || join(dirname(env.PROMTOOL), "prometheus");
}

interface PromAnswer<T> {
  status: "success" | "error";
  data: T;
  error?: string;
}

const startStack = useFaultStack({ shared: true });
let stack: FaultStack;
let prometheus: ReturnType<typeof spawn> | undefined;
let promUrl = "";
let dir = "";
let promLog = "";

async function prom<T>(path: string): Promise<PromAnswer<T>> {
  const res = await fetch(`${promUrl}${path}`);
  return (await res.json()) as PromAnswer<T>;
}
const query = (expr: string) =>
  prom<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
    `/api/v1/query?query=${encodeURIComponent(expr)}`,
  );

beforeAll(async () => {
  const workerMetricsPort = await freePort();
  const workerEnvOf = () => ({ WORKER_METRICS_PORT: String(workerMetricsPort) });
  stack = await startStack({
    workers: 1,
    apis: 1,
    intervalMs: 1_000,
    batchSize: 20,
    secondary: true,
    workerEnvOf,
  });
  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  dir = mkdtempSync(join(tmpdir(), "prometheus-"));
  const api = new URL(stack.apiUrls[0]!);
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      `rule_files: ["${ALERTS}"]`,
      "scrape_configs:",
      "  - job_name: dispatcher-api",
      `    static_configs: [{ targets: ["${api.host}"] }]`,
      "  - job_name: dispatcher-worker",
      `    static_configs: [{ targets: ["127.0.0.1:${workerMetricsPort}"] }]`,
      "",
    ].join("\n"),
  );
  prometheus = spawn(
    prometheusBinary(),
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  for (const stream of [prometheus.stdout, prometheus.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      promLog = `${promLog}${chunk.toString()}`.slice(-8_000);
    });
  }
  await eventually(
    async () => {
      expect(prometheus?.exitCode, promLog).toBeNull();
      expect((await fetch(`${promUrl}/-/ready`)).status).toBe(200);
    },
    30_000,
    200,
  );
}, 120_000);

afterAll(async () => {
  prometheus?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a real Prometheus scraping the API and a worker", () => {
  it("scrapes both, and every series the dashboard and alerts use exists", async () => {
    await stack.insert(100);
    const intake = await stack.api("POST", "/api/v1/messages", { to: "+905551234567", content: "hi" });
    expect(intake.status).toBe(201);
    await eventually(
      async () => {
        const targets = await prom<{ activeTargets: { labels: { job: string }; health: string }[] }>(
          "/api/v1/targets",
        );
        const health = targets.data.activeTargets.map((t) => `${t.labels.job}:${t.health}`).sort();
        expect(health).toEqual(["dispatcher-api:up", "dispatcher-worker:up"]);
      },
      30_000,
      500,
    );
    const series = [
      'dispatcher_messages_total{outcome="sent"}',
      "dispatcher_unsent_messages",
      "dispatcher_pending_backlog",
      "dispatcher_oldest_due_pending_age_seconds",
      "dispatcher_due_pending_messages",
      "dispatcher_pace_interval_seconds",
      "dispatcher_running",
      "dispatcher_scheduler_present",
      "dispatcher_queue_jobs",
      "dispatcher_metrics_source_up",
      "dispatcher_intake_messages_total",
      "dispatcher_http_request_duration_seconds_bucket",
      "dispatcher_provider_request_duration_seconds_bucket",
      "dispatcher_provider_rate_limited_total",
      "dispatcher_provider_breaker_open",
      "dispatcher_tick_claimed_messages_count",
      "dispatcher_tick_duration_seconds_bucket",
      'process_cpu_seconds_total{job="dispatcher-worker"}',
      'nodejs_eventloop_lag_seconds{job="dispatcher-api"}',
    ];
    await eventually(
      async () => {
        const missing: string[] = [];
        for (const name of series) if ((await query(name)).data.result.length === 0) missing.push(name);
        expect(missing).toEqual([]);
        const sent = await query('sum(dispatcher_messages_total{outcome="sent"})');
        expect(Number(sent.data.result[0]?.value[1])).toBeGreaterThan(50);
      },
      60_000,
      1_000,
    );
  });

  it("every query of the Grafana dashboard runs without error, instant and over a range", async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const end = Math.floor(Date.now() / 1_000);
    const failures: string[] = [];
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const instant = await query(expr);
        const range = await prom(
          `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 60}&end=${end}&step=5`,
        );
        for (const answer of [instant, range]) {
          if (answer.status !== "success") failures.push(`${panel.title}: ${expr}: ${answer.error}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("loads every alert rule, and each evaluates without error", async () => {
    const rules = await prom<{
      groups: { rules: { name: string; health: string; lastError?: string; type: string }[] }[];
    }>("/api/v1/rules");
    const all = rules.data.groups.flatMap((g) => g.rules);
    // Every alert of the rules file, loaded.
    const written = readFileSync(ALERTS, "utf8").match(/^\s+- alert: /gm)?.length ?? 0;
    expect(written).toBe(12);
    expect(all.filter((r) => r.type === "alerting")).toHaveLength(written);
    await eventually(
      async () => {
        const again = await prom<{
          groups: { rules: { name: string; health: string; lastError?: string }[] }[];
        }>("/api/v1/rules");
        const unhealthy = again.data.groups
          .flatMap((g) => g.rules)
          .filter((r) => r.health !== "ok")
          .map((r) => `${r.name}: ${r.health} ${r.lastError ?? ""}`);
        expect(unhealthy).toEqual([]);
      },
      10_000,
      500,
    );
  });

  it("with the provider down, the provider-errors alert goes pending for it", async () => {
    // A few seconds of answered sends first (20 a second at this pace), then the provider goes.
    await stack.insert(100);
    await new Promise((r) => setTimeout(r, 5_000));
    await stack.primaryLink!.down();
    await stack.secondary!.setSwitches({ failStatus: 503, failRate: 1 });
    await stack.insert(100);
    await eventually(
      async () => {
        const alerts = await prom<{ alerts: { labels: Record<string, string>; state: string }[] }>(
          "/api/v1/alerts",
        );
        const errors = alerts.data.alerts.filter((a) => a.labels.alertname === "DispatcherProviderErrors");
        expect(errors.map((a) => `${a.labels.provider}:${a.state}`)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^primary:(pending|firing)$/)]),
        );
      },
      60_000,
      1_000,
    );
    if (loadTestEnv().UPDATE_SCREENSHOTS) {
      // Some seconds of failures, so the panel shows the change.
      await new Promise((r) => setTimeout(r, 8_000));
      await renderProviderPanel();
    }
  });
});

/**
 * docs/screenshots/provider-answers.svg: the dashboard's "Provider answers by status class" panel,
 * drawn from this Prometheus's range query over the test (the primary failing from the moment the
 * provider went down). Rewritten only with UPDATE_SCREENSHOTS=true.
 */
async function renderProviderPanel(): Promise<void> {
  const expr =
    "sum by (provider, status_class) (rate(dispatcher_provider_request_duration_seconds_count[3s]))";
  const end = Date.now() / 1_000;
  const answer = await prom<{ result: { metric: Record<string, string>; values: [number, string][] }[] }>(
    `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${end - 30}&end=${end}&step=1`,
  );
  const series = answer.data.result
    .map((r) => ({
      name: `${r.metric.provider} ${r.metric.status_class}`,
      points: r.values.map(([t, v]) => [t, Number(v)] as const),
    }))
    .filter((s) => s.points.some(([, v]) => v > 0));
  const from = Math.min(end - 10, ...series.flatMap((s) => s.points.map(([t]) => t)));
  writeFileSync(
    SCREENSHOT,
    panelSvg("Provider answers by status class (per second)", expr, series, from, end),
  );
}

/** A line chart of `series` as a standalone SVG, in the manner of a Grafana time-series panel. */
function panelSvg(
  title: string,
  expr: string,
  series: { name: string; points: (readonly [number, number])[] }[],
  from: number,
  to: number,
): string {
  const [w, h, left, top, bottom] = [900, 360, 60, 40, 70];
  const max = Math.max(1, ...series.flatMap((s) => s.points.map(([, v]) => v)));
  const x = (t: number) => left + ((t - from) / (to - from)) * (w - left - 20);
  const y = (v: number) => top + (1 - v / max) * (h - top - bottom);
  // Grafana's palette, by status class: green answered, yellow 4xx, red 5xx, purple no answer.
  const colorOf = (name: string) =>
    name.endsWith("2xx")
      ? "#73bf69"
      : name.endsWith("4xx")
        ? "#fade2a"
        : name.endsWith("5xx")
          ? "#f2495c"
          : "#b877d9";
  const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<line x1="${left}" x2="${w - 20}" y1="${y(f * max)}" y2="${y(f * max)}" stroke="#2c3235"/>` +
        `<text x="${left - 8}" y="${y(f * max) + 4}" text-anchor="end">${(f * max).toFixed(1)}</text>`,
    )
    .join("");
  const lines = series
    .map((s, i) => {
      const d = s.points
        .map(([t, v], j) => `${j === 0 ? "M" : "L"}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
        .join("");
      const color = colorOf(s.name);
      const dash = s.name.startsWith("secondary") ? ' stroke-dasharray="6 3"' : "";
      return (
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash}/>` +
        `<rect x="${left + i * 150}" y="${h - 28}" width="12" height="4" fill="${color}"/>` +
        `<text x="${left + 18 + i * 150}" y="${h - 22}">${esc(s.name)}</text>`
      );
    })
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12" fill="#ccccdc">` +
    `<rect width="${w}" height="${h}" fill="#181b1f"/>` +
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>` +
    `<text x="${w - 20}" y="22" text-anchor="end" fill="#8e8e8e">from this test's Prometheus; dashed: secondary</text>` +
    grid +
    lines +
    `<text x="${left}" y="${h - 6}" fill="#8e8e8e" font-size="10">${esc(expr)}</text></svg>\n`
  );
}
