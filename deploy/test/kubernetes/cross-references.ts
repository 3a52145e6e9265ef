import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import { type KubeObject, ofKind } from "./kube-object.js";

// What a schema cannot check: that the objects of one release (an overlay, its migration Job and
// the Secret's template) agree with each other and with the code. Each check returns one line per
// problem, naming the object and the field; an empty list means it holds.

/** A process of the dispatcher, known by the entry point its container runs. */
export type DispatcherProcess = "api" | "worker" | "migrate";

/** What the objects are checked against, from outside the manifests. */
export interface ReleaseFacts {
  /** Every setting each process reads (packages/config: apiEnvSpec, workerEnvSpec, migrateEnvSpec). */
  settings: Record<DispatcherProcess, ReadonlySet<string>>;
  /** The alerts of deploy/prometheus/alerts.yml, by name. */
  alerts: ReadonlyArray<{ alert: string; expr: string }>;
}

interface PodOwner {
  owner: string;
  pod: IPodSpec;
}

/** Every pod template of the Deployments and Jobs, with its owner's `Kind/name`. */
function podsOf(objects: KubeObject[]): PodOwner[] {
  return [
    ...ofKind<IDeployment>(objects, "Deployment").map((d) => ({
      owner: `Deployment/${d.metadata.name}`,
      pod: d.spec?.template.spec as IPodSpec,
    })),
    ...ofKind<IJob>(objects, "Job").map((j) => ({
      owner: `Job/${j.metadata.name}`,
      pod: j.spec?.template.spec as IPodSpec,
    })),
  ].filter((p) => p.pod !== undefined);
}

function containersOf(objects: KubeObject[]): Array<{ owner: string; container: IContainer }> {
  return podsOf(objects).flatMap(({ owner, pod }) =>
    pod.containers.map((container) => ({ owner: `${owner} container ${container.name}`, container })),
  );
}

function keysOf(object: { data?: Record<string, string>; stringData?: Record<string, string> }): Set<string> {
  return new Set([...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {})]);
}

/** Every Secret key and ConfigMap key a container reads (env valueFrom, envFrom) exists in it. */
export function checkEnvSources(objects: KubeObject[]): string[] {
  const secrets = new Map(ofKind<ISecret>(objects, "Secret").map((s) => [s.metadata.name, keysOf(s)]));
  const configMaps = new Map(
    ofKind<IConfigMap>(objects, "ConfigMap").map((c) => [c.metadata.name, keysOf(c)]),
  );
  const problems: string[] = [];
  const need = (where: string, kind: string, store: Map<string, Set<string>>, name: string, key?: string) => {
    const keys = store.get(name);
    if (!keys) problems.push(`${where}: reads ${kind} ${name}, which is not in the release`);
    else if (key !== undefined && !keys.has(key))
      problems.push(`${where}: reads key ${key} of ${kind} ${name}, which has no such key`);
  };
  for (const { owner, container } of containersOf(objects)) {
    for (const env of container.env ?? []) {
      const where = `${owner} env ${env.name}`;
      const secretRef = env.valueFrom?.secretKeyRef;
      if (secretRef) need(where, "Secret", secrets, secretRef.name ?? "", secretRef.key);
      const configRef = env.valueFrom?.configMapKeyRef;
      if (configRef) need(where, "ConfigMap", configMaps, configRef.name ?? "", configRef.key);
    }
    for (const from of container.envFrom ?? []) {
      if (from.secretRef) need(`${owner} envFrom`, "Secret", secrets, from.secretRef.name ?? "");
      if (from.configMapRef) need(`${owner} envFrom`, "ConfigMap", configMaps, from.configMapRef.name ?? "");
    }
  }
  return problems;
}

/** Every probe's port (a name or a number) is one of its container's ports. */
export function checkProbePorts(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  for (const { owner, container } of containersOf(objects)) {
    const ports = container.ports ?? [];
    for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      const port = container[kind]?.httpGet?.port ?? container[kind]?.tcpSocket?.port;
      if (port === undefined) continue;
      const found = ports.some((p) => p.name === port || p.containerPort === port);
      if (!found) problems.push(`${owner} ${kind}: port ${port} is not a port of the container`);
    }
  }
  return problems;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Whether a label selector (matchLabels and matchExpressions) selects these labels. */
export function selects(selector: Selector, labels: Record<string, string> = {}): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const value = labels[key];
    if (operator === "In") return value !== undefined && values.includes(value);
    if (operator === "NotIn") return value === undefined || !values.includes(value);
    if (operator === "Exists") return value !== undefined;
    if (operator === "DoesNotExist") return value === undefined;
    return false;
  });
  return byLabels && byExpressions;
}

/**
 * The ServiceMonitors select the Services whose pods serve /metrics (the API's and the workers'),
 * each endpoint's port name exists on a selected Service, and each selected Service has one.
 */
export function checkServiceMonitor(objects: KubeObject[], metricsServices: readonly string[]): string[] {
  const services = ofKind<IService>(objects, "Service");
  const monitors = ofKind<IServiceMonitor>(objects, "ServiceMonitor");
  if (monitors.length === 0) return ["no ServiceMonitor in the release"];
  const problems: string[] = [];
  const covered = new Set<string>();
  for (const monitor of monitors) {
    const id = `ServiceMonitor/${monitor.metadata.name}`;
    const chosen = services.filter((s) => selects(monitor.spec.selector as Selector, s.metadata.labels));
    const endpointPorts = monitor.spec.endpoints?.map((e) => e.port) ?? [];
    for (const port of endpointPorts) {
      if (!chosen.some((s) => s.spec?.ports?.some((p) => p.name === port)))
        problems.push(`${id} endpoint port ${port}: no selected Service has a port of that name`);
    }
    for (const service of chosen) {
      covered.add(service.metadata.name);
      if (!service.spec?.ports?.some((p) => p.name !== undefined && endpointPorts.includes(p.name)))
        problems.push(
          `${id}: selects Service/${service.metadata.name}, but none of its ports is an endpoint's`,
        );
    }
  }
  for (const name of metricsServices) {
    if (!covered.has(name)) problems.push(`Service/${name} serves /metrics but no ServiceMonitor selects it`);
  }
  return problems;
}

/** Every Service's selector selects the pods of a Deployment, and its named targetPorts are their ports. */
export function checkServiceTargets(objects: KubeObject[]): string[] {
  const deployments = ofKind<IDeployment>(objects, "Deployment");
  const problems: string[] = [];
  for (const service of ofKind<IService>(objects, "Service")) {
    const id = `Service/${service.metadata.name}`;
    const target = deployments.find((d) =>
      selects({ matchLabels: service.spec?.selector }, d.spec?.template.metadata?.labels),
    );
    if (!target) {
      problems.push(`${id}: its selector selects no Deployment's pods`);
      continue;
    }
    const ports = target.spec?.template.spec?.containers.flatMap((c) => c.ports ?? []) ?? [];
    for (const port of service.spec?.ports ?? []) {
      const wanted = port.targetPort ?? port.port;
      if (!ports.some((p) => p.name === wanted || p.containerPort === wanted))
        problems.push(
          `${id} port ${port.name}: targetPort ${wanted} is not a port of Deployment/${target.metadata.name}`,
        );
    }
  }
  return problems;
}

/** The PrometheusRules hold exactly the alerts of deploy/prometheus/alerts.yml: the same names and exprs. */
export function checkPrometheusRule(objects: KubeObject[], facts: ReleaseFacts): string[] {
  const rules = ofKind<IPrometheusRule>(objects, "PrometheusRule").flatMap(
    (r) => r.spec.groups?.flatMap((g) => g.rules ?? []) ?? [],
  );
  const shipped = new Map(rules.filter((r) => r.alert).map((r) => [r.alert as string, String(r.expr)]));
  const problems: string[] = [];
  for (const { alert, expr } of facts.alerts) {
    if (!shipped.has(alert)) problems.push(`PrometheusRule: alert ${alert} of alerts.yml is missing`);
    else if (shipped.get(alert) !== expr)
      problems.push(`PrometheusRule: alert ${alert} has another expr than alerts.yml`);
  }
  const known = new Set(facts.alerts.map((a) => a.alert));
  for (const alert of shipped.keys()) {
    if (!known.has(alert)) problems.push(`PrometheusRule: alert ${alert} is not in alerts.yml`);
  }
  return problems;
}

/** The process a container runs, from its command's entry point; undefined for any other. */
export function processOf(container: IContainer): DispatcherProcess | undefined {
  const command = [...(container.command ?? []), ...(container.args ?? [])].join(" ");
  if (/apps\/api\/dist\/migrate\.js/.test(command)) return "migrate";
  if (/apps\/api\/dist\/main\.js/.test(command)) return "api";
  if (/apps\/worker\/dist\/main\.js/.test(command)) return "worker";
  return undefined;
}

/** Every variable a container gets (env names, and the keys of the ConfigMaps and Secrets of envFrom). */
function variablesOf(container: IContainer, objects: KubeObject[]): string[] {
  const sources = [...ofKind<IConfigMap>(objects, "ConfigMap"), ...ofKind<ISecret>(objects, "Secret")];
  const fromRefs = (container.envFrom ?? []).flatMap((from) => {
    const name = from.configMapRef?.name ?? from.secretRef?.name;
    const source = sources.find((s) => s.metadata.name === name);
    return source ? [...keysOf(source)].map((key) => `${from.prefix ?? ""}${key}`) : [];
  });
  return [...(container.env ?? []).map((e) => e.name), ...fromRefs];
}

/** Every container runs a known process, and every variable it gets is a setting of that process. */
export function checkKnownSettings(objects: KubeObject[], facts: ReleaseFacts): string[] {
  const problems: string[] = [];
  for (const { owner, container } of containersOf(objects)) {
    const process = processOf(container);
    if (!process) {
      problems.push(`${owner}: runs no known entry point of the image (${container.command?.join(" ")})`);
      continue;
    }
    for (const name of variablesOf(container, objects)) {
      if (!facts.settings[process].has(name))
        problems.push(`${owner}: ${name} is not a setting of the ${process}`);
    }
  }
  return problems;
}

/** The value a container gets for a variable from a ConfigMap of envFrom, or env's literal value. */
function settingOf(container: IContainer, objects: KubeObject[], name: string): string | undefined {
  const literal = container.env?.find((e) => e.name === name && e.value !== undefined);
  if (literal) return literal.value;
  for (const from of container.envFrom ?? []) {
    const map = ofKind<IConfigMap>(objects, "ConfigMap").find(
      (c) => c.metadata.name === from.configMapRef?.name,
    );
    const value = map?.data?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The workers' grace period outlasts their WORKER_SHUTDOWN_TIMEOUT_MS (set explicitly) by `marginSeconds`. */
export function checkWorkerGracePeriod(objects: KubeObject[], marginSeconds: number): string[] {
  const problems: string[] = [];
  for (const deployment of ofKind<IDeployment>(objects, "Deployment")) {
    const pod = deployment.spec?.template.spec;
    for (const container of pod?.containers ?? []) {
      if (processOf(container) !== "worker") continue;
      const id = `Deployment/${deployment.metadata.name}`;
      const timeout = settingOf(container, objects, "WORKER_SHUTDOWN_TIMEOUT_MS");
      if (timeout === undefined) {
        problems.push(`${id}: WORKER_SHUTDOWN_TIMEOUT_MS is not set`);
        continue;
      }
      const grace = pod?.terminationGracePeriodSeconds ?? 30;
      if (grace * 1000 < Number(timeout) + marginSeconds * 1000)
        problems.push(
          `${id}: terminationGracePeriodSeconds ${grace} does not exceed WORKER_SHUTDOWN_TIMEOUT_MS ${timeout} by ${marginSeconds} s`,
        );
    }
  }
  return problems;
}

/** Each ScaledObject scales the Deployment that runs the workers, by its name. */
export function checkScaledObjectTarget(objects: KubeObject[]): string[] {
  const workers = ofKind<IDeployment>(objects, "Deployment").filter((d) =>
    d.spec?.template.spec?.containers.some((c) => processOf(c) === "worker"),
  );
  const scaled = ofKind<IScaledObject>(objects, "ScaledObject");
  if (scaled.length === 0) return ["no ScaledObject in the release"];
  return scaled.flatMap((s) => {
    const ref = s.spec.scaleTargetRef;
    const kindOk = (ref.kind ?? "Deployment") === "Deployment";
    return kindOk && workers.some((w) => w.metadata.name === ref.name)
      ? []
      : [
          `ScaledObject/${s.metadata.name}: scaleTargetRef ${ref.kind ?? "Deployment"}/${ref.name} is not the workers' Deployment`,
        ];
  });
}

/** The migration Jobs run the image the Deployments run. */
export function checkMigrationImage(objects: KubeObject[]): string[] {
  const images = (kind: string) =>
    podsOf(objects.filter((o) => o.kind === kind)).flatMap(({ owner, pod }) =>
      pod.containers.map((c) => ({ owner, image: c.image })),
    );
  const deployed = new Set(images("Deployment").map((i) => i.image));
  const jobs = images("Job");
  if (jobs.length === 0) return ["no migration Job in the release"];
  return jobs
    .filter((j) => deployed.size !== 1 || !deployed.has(j.image))
    .map((j) => `${j.owner}: runs ${j.image}, the Deployments run ${[...deployed].join(", ")}`);
}
