import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builtInVariables, type Dashboard, dashboardQueries } from "../src/grafana-dashboard.js";

// Grafana has no image on these machines, so the suite checks its side of the `monitoring` profile
// by reading what Grafana would read: docker-compose.yml's mounts, the provisioning files, and the
// dashboard. (monitoring-profile.test.ts runs every dashboard query against the profile's Prometheus.)

interface Service {
  image?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");
const services = (parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> })
  .services;
const grafana = services.grafana!;
const prometheus = services.prometheus!;

/** Where a service mounts a folder of the repository (`./path`) inside its container. */
function mountOf(service: Service, source: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [from, to] = volume.split(":");
    if (from === source) return to;
  }
  return undefined;
}

/** Every entry of `key` in the provisioning files of one kind (`datasources`, `dashboards`). */
function provisioned<T>(kind: string, key: string): T[] {
  const dir = `deploy/grafana/provisioning/${kind}`;
  return readdirSync(join(REPO_ROOT, dir))
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) => {
      const doc = parse(read(`${dir}/${file}`)) as Record<string, unknown>;
      expect(doc.apiVersion, file).toBe(1);
      return (doc[key] ?? []) as T[];
    });
}

const datasources = provisioned<{
  name: string;
  uid: string;
  type: string;
  url: string;
  isDefault?: boolean;
}>("datasources", "datasources");
const providers = provisioned<{ name: string; type: string; options: { path: string } }>(
  "dashboards",
  "providers",
);
const dashboard = JSON.parse(read("deploy/grafana/dispatcher.json")) as Dashboard;

describe("the monitoring profile in docker-compose.yml", () => {
  it("gates Prometheus and Grafana behind `monitoring`, and Prometheus loads deploy/prometheus with its one rules file", () => {
    expect(prometheus.profiles).toEqual(["monitoring"]);
    expect(grafana.profiles).toEqual(["monitoring"]);
    const configDir = mountOf(prometheus, "./deploy/prometheus");
    expect(configDir).toBe("/etc/prometheus");
    expect(prometheus.command).toContain(`--config.file=${configDir}/prometheus.yml`);
    const config = parse(read("deploy/prometheus/prometheus.yml")) as {
      rule_files: string[];
      scrape_configs: { job_name: string }[];
    };
    expect(config.rule_files).toEqual(["alerts.yml"]);
    expect(config.scrape_configs.map((c) => c.job_name)).toEqual(["dispatcher-api", "dispatcher-worker"]);
  });
});

describe("Grafana's provisioning (deploy/grafana/provisioning)", () => {
  it("compose mounts it where Grafana reads provisioning, and deploy/grafana where the dashboard provider looks", () => {
    expect(mountOf(grafana, "./deploy/grafana/provisioning")).toBe("/etc/grafana/provisioning");
    const dashboards = mountOf(grafana, "./deploy/grafana");
    expect(dashboards).toBeDefined();
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: "file", options: { path: dashboards } });
    // The dashboard provider loads every JSON file in the folder: the dashboard is one of them.
    expect(readdirSync(join(REPO_ROOT, "deploy/grafana")).filter((f) => f.endsWith(".json"))).toEqual([
      "dispatcher.json",
    ]);
    expect(grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(
      `${dashboards}/dispatcher.json`,
    );
  });

  it("loads one Prometheus data source, the compose prometheus service at the port it listens on", () => {
    expect(datasources).toHaveLength(1);
    const [datasource] = datasources;
    expect(datasource).toMatchObject({ name: "Prometheus", type: "prometheus", isDefault: true });
    expect(datasource?.uid).toMatch(/^[\w-]{1,40}$/);
    // The container side of the service's published port, which Prometheus listens on (9090).
    const port = prometheus.ports?.[0]?.split(":").at(-1);
    expect(port).toBe("9090");
    expect(datasource?.url).toBe(`http://prometheus:${port}`);
  });

  it("the dashboard it loads is `Message dispatcher`, and every panel and query uses that data source's uid", () => {
    expect(dashboard).toMatchObject({ uid: "message-dispatcher", title: "Message dispatcher" });
    const uid = datasources[0]?.uid;
    const wrong = dashboard.panels
      .filter((panel) => panel.datasource?.uid !== uid)
      .map((panel) => `${panel.title}: ${panel.datasource?.uid}`);
    expect(wrong).toEqual([]);
    const queries = dashboardQueries(dashboard, builtInVariables(15, 3_600));
    expect(queries.length).toBeGreaterThan(20);
    expect(queries.filter((q) => q.datasourceUid !== uid).map((q) => `${q.panel} ${q.refId}`)).toEqual([]);
  });
});
