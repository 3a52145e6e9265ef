import { readFileSync } from "node:fs";
import { apiEnvSpec, loadTestEnv, migrateEnvSpec, workerEnvSpec } from "@dispatcher/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  checkEnvSources,
  checkKnownSettings,
  checkMigrationImage,
  checkProbePorts,
  checkPrometheusRule,
  checkScaledObjectTarget,
  checkServiceMonitor,
  checkServiceTargets,
  checkWorkerGracePeriod,
  type ReleaseFacts,
} from "./kubernetes/cross-references.js";
import type { KubeObject } from "./kubernetes/kube-object.js";
import { listOverlays, parseYamlObjects, renderKustomization } from "./kubernetes/render.js";
import { validateWithModels } from "./kubernetes/validate-models.js";

// deploy/kubernetes, without a cluster: every overlay renders with `kubectl kustomize` (KUBECTL,
// Debian's kubernetes-client in CI), every object validates against its schema (kubernetes-models
// and its KEDA and Prometheus Operator packages), and the objects of a release (an overlay, its
// migration Job, the Secret's template) agree with each other and with packages/config.

const here = (file: string) => new URL(`../${file}`, import.meta.url).pathname;
const kubectl = loadTestEnv().KUBECTL;

/** The workers' grace period must outlast their shutdown timeout by at least this much. */
const GRACE_MARGIN_SECONDS = 10;
/** The Services whose pods serve /metrics. */
const METRICS_SERVICES = ["dispatcher-api", "dispatcher-worker"];

const facts: ReleaseFacts = {
  settings: {
    api: new Set(Object.keys(apiEnvSpec)),
    worker: new Set(Object.keys(workerEnvSpec)),
    migrate: new Set(Object.keys(migrateEnvSpec)),
  },
  alerts: (
    parse(readFileSync(here("prometheus/alerts.yml"), "utf8")) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    }
  ).groups.flatMap((g) => g.rules.map(({ alert, expr }) => ({ alert, expr }))),
};

const secretTemplate = parseYamlObjects(readFileSync(here("kubernetes/base/secret.yaml"), "utf8"));

/** One release of an overlay: its objects, its migration Job's, and the Secret's template. */
function release(overlay: string): KubeObject[] {
  const dir = here(`kubernetes/overlays/${overlay}`);
  return [
    ...renderKustomization(kubectl, dir),
    ...renderKustomization(kubectl, `${dir}/migrate`),
    ...secretTemplate,
  ];
}

/** Every cross-reference check, run over one object set. */
function crossReferences(objects: KubeObject[]): string[] {
  return [
    ...checkEnvSources(objects),
    ...checkProbePorts(objects),
    ...checkServiceMonitor(objects, METRICS_SERVICES),
    ...checkServiceTargets(objects),
    ...checkPrometheusRule(objects, facts),
    ...checkKnownSettings(objects, facts),
    ...checkWorkerGracePeriod(objects, GRACE_MARGIN_SECONDS),
    ...checkScaledObjectTarget(objects),
    ...checkMigrationImage(objects),
  ];
}

const find = (objects: KubeObject[], kind: string, name: string) => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind}/${name}`);
  // biome-ignore lint/suspicious/noExplicitAny: a test reaches into the object to break it
  return object as any;
};

const overlays = listOverlays(here("kubernetes/overlays"));

describe("deploy/kubernetes overlays", () => {
  it("has a production and a staging overlay, each with its migration", () => {
    expect(overlays).toEqual(expect.arrayContaining(["production", "staging"]));
  });

  describe.each(overlays)("overlays/%s", (overlay) => {
    const objects = release(overlay);

    it("renders every kind the deployment needs, and each validates against its schema", () => {
      const kinds = objects.map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`);
      expect(kinds).toEqual(
        expect.arrayContaining([
          "Deployment/dispatcher-api",
          "Deployment/dispatcher-worker",
          "Service/dispatcher-api",
          "Service/dispatcher-worker",
          "PodDisruptionBudget/dispatcher-api",
          "PodDisruptionBudget/dispatcher-worker",
          "ScaledObject/dispatcher-worker",
          "ServiceMonitor/dispatcher",
          "PrometheusRule/dispatcher",
          "ConfigMap/dispatcher-shared",
          "Secret/dispatcher-secrets",
        ]),
      );
      expect(validateWithModels(objects)).toEqual([]);
    });

    it("its objects agree with each other, with packages/config and with alerts.yml", () => {
      expect(crossReferences(objects)).toEqual([]);
    });

    it("names the migration Job for the release's image tag, so each release migrates once", () => {
      const job = objects.find((o) => o.kind === "Job") as KubeObject & {
        spec: { template: { spec: { containers: Array<{ image: string }> } } };
      };
      const tag = job.spec.template.spec.containers[0]?.image.split(":").pop() ?? "";
      expect(job.metadata.name).toBe(`dispatcher-migrate-${tag.replaceAll(".", "-")}`);
    });

    it("runs every container as non-root, read-only, without capabilities, under RuntimeDefault seccomp", () => {
      const pods = objects
        .filter((o) => o.kind === "Deployment" || o.kind === "Job")
        .map((o) => find(objects, o.kind, o.metadata.name).spec.template.spec);
      for (const pod of pods) {
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: "RuntimeDefault" },
        });
        for (const container of pod.containers) {
          expect(container.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
          });
          expect(container.resources.requests).toBeDefined();
          expect(container.resources.limits).toBeDefined();
        }
      }
    });

    it("scales the workers with KEDA on Prometheus queries of the due backlog (due pending and claimed) and the oldest due message's age", () => {
      const scaled = find(objects, "ScaledObject", "dispatcher-worker");
      expect(scaled.spec.minReplicaCount).toBe(1);
      expect(scaled.spec.maxReplicaCount).toBeGreaterThan(1);
      const queries = scaled.spec.triggers.map((t: { type: string; metadata: { query: string } }) => {
        expect(t.type).toBe("prometheus");
        return t.metadata.query;
      });
      expect(queries.join("\n")).toContain("dispatcher_due_pending_messages");
      expect(queries.join("\n")).toContain('dispatcher_unsent_messages{status=~"queued|sending"}');
      expect(queries.join("\n")).toContain("dispatcher_oldest_due_pending_age_seconds");
    });
  });
});

describe("base/secret.yaml", () => {
  it("is a template: every value is a placeholder", () => {
    const secret = find(secretTemplate, "Secret", "dispatcher-secrets");
    for (const [key, value] of Object.entries(secret.stringData as Record<string, string>)) {
      expect(value, key).toMatch(/CHANGE-ME|\.example/);
    }
  });
});

describe("the checks fail on a broken release", () => {
  const broken = (change: (objects: KubeObject[]) => void) => {
    const objects = structuredClone(release("production"));
    change(objects);
    return objects;
  };

  it("a Secret without a key a pod reads", () => {
    const objects = broken(
      (o) => delete find(o, "Secret", "dispatcher-secrets").stringData.PROVIDER_AUTH_KEY,
    );
    expect(checkEnvSources(objects)).toEqual([
      expect.stringMatching(
        /^Deployment\/dispatcher-worker container worker env PROVIDER_AUTH_KEY: reads key PROVIDER_AUTH_KEY of Secret dispatcher-secrets, which has no such key$/,
      ),
    ]);
  });

  it("a probe on a port the container does not have", () => {
    const objects = broken((o) => {
      find(o, "Deployment", "dispatcher-api").spec.template.spec.containers[0].readinessProbe.httpGet.port =
        "metrics";
    });
    expect(checkProbePorts(objects)).toEqual([
      "Deployment/dispatcher-api container api readinessProbe: port metrics is not a port of the container",
    ]);
  });

  it("a misspelt setting in a ConfigMap", () => {
    const objects = broken((o) => {
      const map = o.find((m) => m.kind === "ConfigMap" && m.metadata.name.startsWith("dispatcher-worker-"));
      (map as unknown as { data: Record<string, string> }).data.WORKER_CONCURENCY = "10";
    });
    expect(checkKnownSettings(objects, facts)).toEqual([
      "Deployment/dispatcher-worker container worker: WORKER_CONCURENCY is not a setting of the worker",
    ]);
  });

  it("a worker grace period no longer than its shutdown timeout", () => {
    const objects = broken((o) => {
      find(o, "Deployment", "dispatcher-worker").spec.template.spec.terminationGracePeriodSeconds = 30;
    });
    expect(checkWorkerGracePeriod(objects, GRACE_MARGIN_SECONDS)).toEqual([
      "Deployment/dispatcher-worker: terminationGracePeriodSeconds 30 does not exceed WORKER_SHUTDOWN_TIMEOUT_MS 30000 by 10 s",
    ]);
  });

  it("a ScaledObject aimed at another Deployment", () => {
    const objects = broken((o) => {
      find(o, "ScaledObject", "dispatcher-worker").spec.scaleTargetRef.name = "dispatcher-api";
    });
    expect(checkScaledObjectTarget(objects)).toEqual([
      "ScaledObject/dispatcher-worker: scaleTargetRef Deployment/dispatcher-api is not the workers' Deployment",
    ]);
  });

  it("a ServiceMonitor endpoint on a port no Service names", () => {
    const objects = broken((o) => {
      find(o, "ServiceMonitor", "dispatcher").spec.endpoints[1].port = "prometheus";
    });
    expect(checkServiceMonitor(objects, METRICS_SERVICES)).toEqual([
      "ServiceMonitor/dispatcher endpoint port prometheus: no selected Service has a port of that name",
      "ServiceMonitor/dispatcher: selects Service/dispatcher-worker, but none of its ports is an endpoint's",
    ]);
  });

  it("a PrometheusRule whose alert differs from alerts.yml", () => {
    const objects = broken((o) => {
      const rules = find(o, "PrometheusRule", "dispatcher").spec.groups[0].rules;
      rules[0].expr = "up == 0";
      rules.pop();
    });
    const missing = facts.alerts.at(-1)?.alert;
    expect(checkPrometheusRule(objects, facts)).toEqual([
      `PrometheusRule: alert ${facts.alerts[0]?.alert} has another expr than alerts.yml`,
      `PrometheusRule: alert ${missing} of alerts.yml is missing`,
    ]);
  });

  it("a migration Job on another image than the Deployments", () => {
    const objects = broken((o) => {
      const job = o.find((j) => j.kind === "Job") as KubeObject;
      find(o, "Job", job.metadata.name).spec.template.spec.containers[0].image =
        "registry.example.com/message-dispatcher:1.3.0";
    });
    expect(checkMigrationImage(objects)).toEqual([
      expect.stringMatching(
        /^Job\/dispatcher-migrate-1-4-0: runs registry.example.com\/message-dispatcher:1.3.0, the Deployments run registry.example.com\/message-dispatcher:1.4.0$/,
      ),
    ]);
  });

  it("an object its schema refuses", () => {
    const objects = broken((o) => {
      find(o, "Deployment", "dispatcher-api").spec.replicas = "three";
    });
    expect(validateWithModels(objects)).toEqual([
      expect.stringMatching(/^Deployment\/dispatcher-api: .*replicas/),
    ]);
  });
});
