import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eventually, REPO_ROOT } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { builtInVariables, type Dashboard, dashboardQueries } from "../src/grafana-dashboard.js";
import { createStack, type Stack } from "../src/stack.js";

// `docker compose --env-file infra/demo.env --profile demo --profile monitoring up`, less Grafana (no image
// for it here; grafana-provisioning.test.ts checks what it would load): the profile's Prometheus scrapes
// the stack, and every query of the dashboard returns data from it. Two providers (both the mock
// provider), so the per-provider series the dashboard draws exist.
const unavailable = inject("composeUnavailable");
const dashboard = JSON.parse(
  readFileSync(join(REPO_ROOT, "deploy/grafana/dispatcher.json"), "utf8"),
) as Dashboard;
/** deploy/prometheus/prometheus.yml's scrape_interval, and the dashboard's time range (1 h). */
const queries = dashboardQueries(dashboard, builtInVariables(15, 3_600));
let stack: Stack;

interface PromAnswer<T> {
  status: "success" | "error";
  data: T;
  error?: string;
}
async function prom<T>(path: string): Promise<PromAnswer<T>> {
  const res = await fetch(`${stack.prometheusUrl}${path}`);
  return (await res.json()) as PromAnswer<T>;
}

beforeAll(async () => {
  if (unavailable) return;
  stack = await createStack({
    files: ["docker-compose.yml", "compose/test/two-providers.yml"],
    profiles: ["demo", "monitoring"],
  });
  const services = (await stack.must(["config", "--services"])).split("\n").filter(Boolean);
  expect(services).toEqual(expect.arrayContaining(["prometheus", "grafana"]));
  await stack.must(["up", "-d", ...services.filter((service) => service !== "grafana")]);
  await stack.healthy();
});
afterAll(async () => {
  await stack?.destroy();
});

describe.skipIf(unavailable !== "")(
  `the monitoring profile${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    it("Prometheus becomes healthy and scrapes the API and the worker by their service names", async () => {
      const running = await stack.healthy();
      expect(running.map((c) => c.service)).toContain("prometheus");
      await eventually(
        async () => {
          const targets = await prom<{
            activeTargets: {
              labels: { job: string };
              discoveredLabels: Record<string, string>;
              health: string;
            }[];
          }>("/api/v1/targets");
          const seen = targets.data.activeTargets.map((t) => `${t.labels.job} ${t.health}`).sort();
          expect(seen).toEqual(["dispatcher-api up", "dispatcher-worker up"]);
          const api = targets.data.activeTargets.find((t) => t.labels.job === "dispatcher-api");
          expect(api?.discoveredLabels.__address__).toBe("api:3000");
        },
        90_000,
        1_000,
      );
    });

    it("loads the 12 alert rules of deploy/prometheus/alerts.yml, and each evaluates without error", async () => {
      await eventually(
        async () => {
          const rules = await prom<{
            groups: {
              file: string;
              rules: { name: string; type: string; health: string; lastError?: string }[];
            }[];
          }>("/api/v1/rules");
          const all = rules.data.groups.flatMap((g) => g.rules);
          expect(new Set(rules.data.groups.map((g) => g.file))).toEqual(
            new Set(["/etc/prometheus/alerts.yml"]),
          );
          expect(all.filter((r) => r.type === "alerting")).toHaveLength(12);
          expect(
            all.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.health} ${r.lastError ?? ""}`),
          ).toEqual([]);
        },
        60_000,
        1_000,
      );
    });

    it("with messages sent and receipts taken, every query of deploy/grafana/dispatcher.json returns data", async () => {
      const res = await stack.http("POST", `${stack.apiUrl}/api/v1/messages/bulk`, {
        messages: Array.from({ length: 30 }, (_, i) => ({
          to: `+90555${3_000_000 + i}`,
          content: `watched ${i}`,
        })),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const ids = (res.body.items as { id: number }[]).map((m) => m.id);
      await eventually(
        async () => {
          const messages = await Promise.all(
            ids.map(async (id) => (await stack.http("GET", `${stack.apiUrl}/api/v1/messages/${id}`)).body),
          );
          expect(messages.filter((m) => m.deliveryStatus !== "delivered").map((m) => m.id)).toEqual([]);
        },
        120_000,
        1_000,
      );
      expect(queries.length).toBe(dashboard.panels.reduce((n, panel) => n + (panel.targets?.length ?? 0), 0));
      let empty: string[] = [];
      await eventually(
        async () => {
          empty = [];
          for (const query of queries) {
            const answer = await prom<{ result: unknown[] }>(
              `/api/v1/query?query=${encodeURIComponent(query.expr)}`,
            );
            if (answer.status !== "success")
              empty.push(`${query.panel} ${query.refId}: ${query.expr}: ${answer.error}`);
            else if (answer.data.result.length === 0)
              empty.push(`${query.panel} ${query.refId}: ${query.expr}: no data`);
          }
          expect(empty).toEqual([]);
        },
        150_000,
        5_000,
      );
    });
  },
);
