import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTestEnv } from "@dispatcher/config";
import { describe, expect, it } from "vitest";

// The alert rules and the dashboard, checked with Prometheus's own promtool (PROMTOOL): the rules
// load, every alert has a unit test that passes, and the example config is valid. The queries
// themselves run against a real Prometheus in faults/test/prometheus.test.ts.

const here = (file: string) => new URL(`../${file}`, import.meta.url).pathname;
const promtool = (...args: string[]) => {
  const run = spawnSync(loadTestEnv().PROMTOOL, args, { encoding: "utf8", timeout: 60_000 });
  if (run.error) throw run.error;
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
};

describe("deploy/prometheus", () => {
  it("alerts.yml loads (promtool check rules)", () => {
    const check = promtool("check", "rules", here("prometheus/alerts.yml"));
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/SUCCESS: 12 rules found/);
  });

  it("every alert has a unit test, and they all pass (promtool test rules)", () => {
    const alerts = [...readFileSync(here("prometheus/alerts.yml"), "utf8").matchAll(/- alert: (\w+)/g)].map(
      (m) => m[1],
    );
    const tests = readFileSync(here("prometheus/alerts.test.yml"), "utf8");
    // An alert is tested when some test expects it to fire (a non-empty exp_alerts).
    const fired = new Set(
      [...tests.matchAll(/alertname: (\w+)\n\s+exp_alerts:\n\s+- exp_labels/g)].map((m) => m[1]),
    );
    expect(alerts.length).toBe(12);
    expect(alerts.filter((a) => !fired.has(a))).toEqual([]);
    const run = promtool("test", "rules", here("prometheus/alerts.test.yml"));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/SUCCESS/);
  });

  it("promtool fails a rule test whose alert does not fire as expected, so the check can fail", () => {
    const dir = mkdtempSync(join(tmpdir(), "rules-"));
    writeFileSync(join(dir, "alerts.yml"), readFileSync(here("prometheus/alerts.yml")));
    const tests = readFileSync(here("prometheus/alerts.test.yml"), "utf8").replace(
      "eval_time: 5m\n        alertname: DispatcherTargetDown",
      "eval_time: 1m\n        alertname: DispatcherTargetDown",
    );
    writeFileSync(join(dir, "alerts.test.yml"), tests);
    const run = promtool("test", "rules", join(dir, "alerts.test.yml"));
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/FAILED/);
  });

  it("the example prometheus.yml is valid and loads the rules", () => {
    const check = promtool("check", "config", here("prometheus/prometheus.yml"));
    expect(check.code, check.output).toBe(0);
  });
});

/** The dashboard's data source: the uid deploy/grafana/provisioning/datasources gives the Prometheus. */
const DATASOURCE_UID = "dispatcher-prometheus";

describe("deploy/grafana/dispatcher.json", () => {
  interface Panel {
    title: string;
    datasource: { uid: string };
    targets: { expr: string; refId: string; datasource: { uid: string } }[];
  }
  const dashboard = JSON.parse(readFileSync(here("grafana/dispatcher.json"), "utf8")) as {
    uid: string;
    panels: Panel[];
  };

  it("every panel and query names the provisioned Prometheus data source, with at least one expression", () => {
    expect(dashboard.uid).toBe("message-dispatcher");
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe(DATASOURCE_UID);
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        expect(target.datasource.uid, panel.title).toBe(DATASOURCE_UID);
        expect(target.expr.trim(), panel.title).not.toBe("");
      }
    }
  });

  it("covers throughput, backlog and lateness, provider latency and status classes, failures, queues and running state", () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
    for (const series of [
      'dispatcher_messages_total{outcome="sent"}',
      "dispatcher_pending_backlog",
      "dispatcher_oldest_due_pending_age_seconds",
      "dispatcher_provider_request_duration_seconds_bucket",
      "status_class",
      'outcome="failed"',
      "dispatcher_queue_jobs",
      "dispatcher_running",
    ]) {
      expect(exprs).toContain(series);
    }
  });
});
