import type { CpuProfile } from "./window-profiler.js";

/** Where a process's CPU time went: milliseconds of self time per component and per function. */
export interface ProfileSummary {
  /** Wall milliseconds the profile covers. */
  windowMs: number;
  /** Milliseconds the thread was idle (waiting on I/O). */
  idleMs: number;
  /** Milliseconds busy (every sample but idle). */
  busyMs: number;
  /** Self milliseconds per component (package, app folder, Node internals, GC), largest first. */
  components: Array<{ component: string; ms: number }>;
  /**
   * Milliseconds per caller: Node internals and native frames charged to the nearest package or
   * repo folder that called them (so a socket write counts for ioredis, pg or got), largest first.
   */
  callers: Array<{ component: string; ms: number }>;
  /** The functions with the most self time. */
  functions: Array<{ function: string; component: string; ms: number }>;
}

/**
 * The component a frame belongs to: its npm package, the repo folder (`apps/worker`,
 * `@dispatcher/db`, …), a Node internals area, or a VM pseudo-frame (`(garbage collector)`,
 * `(program)`, `(idle)`). Native frames (no URL) are charged to their caller's component.
 */
function componentOf(url: string, functionName: string, parent: string | undefined): string {
  if (functionName.startsWith("(") && url === "") {
    return functionName === "(root)" ? "(root)" : functionName;
  }
  if (url === "") return parent ?? "(native)";
  const packageAt = url.lastIndexOf("/node_modules/");
  if (packageAt >= 0) {
    const rest = url.slice(packageAt + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const repo = /\/(apps\/[^/]+|packages\/[^/]+|bench)\//.exec(url);
  if (repo) return repo[1]!.startsWith("packages/") ? `@dispatcher/${repo[1]!.slice(9)}` : repo[1]!;
  if (url.startsWith("node:")) {
    const name = url.slice(5);
    if (/http|_http/.test(name)) return "node: http";
    if (/net|stream|tcp|dns|socket/.test(name)) return "node: net & streams";
    if (/timers|process|async|promise|task_queues/.test(name)) return "node: timers & async";
    return "node: other";
  }
  return "(other)";
}

/** Summarises a V8 CPU profile: self time per component and the top `topFunctions` functions. */
export function summariseProfile(profile: CpuProfile, topFunctions = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const components = new Map<number, string>();
  const componentFor = (id: number): string => {
    const known = components.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const parentId = parentOf.get(id);
    const parent = parentId === undefined ? undefined : componentFor(parentId);
    const component = componentOf(node.callFrame.url, node.callFrame.functionName, parent);
    components.set(id, component);
    return component;
  };

  // Self time per node: each sample's following time delta is charged to the sampled node.
  const selfMicros = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const micros = deltas[i + 1] ?? 0;
    selfMicros.set(samples[i]!, (selfMicros.get(samples[i]!) ?? 0) + micros);
  }

  // The nearest ancestor whose component is a package or repo folder (not Node, native or VM).
  const isLibrary = (component: string) => !component.startsWith("node:") && !component.startsWith("(");
  const callers = new Map<number, string>();
  const callerFor = (id: number): string => {
    const known = callers.get(id);
    if (known) return known;
    const own = componentFor(id);
    const parentId = parentOf.get(id);
    const caller = isLibrary(own) || parentId === undefined ? own : callerFor(parentId);
    callers.set(id, caller);
    return caller;
  };

  const perComponent = new Map<string, number>();
  const perCaller = new Map<string, number>();
  const perFunction = new Map<string, { component: string; micros: number }>();
  let idle = 0;
  let total = 0;
  for (const [id, micros] of selfMicros) {
    total += micros;
    const node = byId.get(id)!;
    const component = componentFor(id);
    if (component === "(idle)") {
      idle += micros;
      continue;
    }
    perComponent.set(component, (perComponent.get(component) ?? 0) + micros);
    const caller = component === "(garbage collector)" ? component : callerFor(id);
    perCaller.set(caller, (perCaller.get(caller) ?? 0) + micros);
    const frame = node.callFrame;
    const where = frame.url
      ? ` ${frame.url.replace(/^.*\/(node_modules|work\/main)\//, "")}:${frame.lineNumber + 1}`
      : "";
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    const entry = perFunction.get(key) ?? { component, micros: 0 };
    entry.micros += micros;
    perFunction.set(key, entry);
  }
  return {
    windowMs: (profile.endTime - profile.startTime) / 1000,
    idleMs: idle / 1000,
    busyMs: (total - idle) / 1000,
    components: sortedMs(perComponent),
    callers: sortedMs(perCaller),
    functions: [...perFunction]
      .map(([fn, e]) => ({ function: fn, component: e.component, ms: e.micros / 1000 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, topFunctions),
  };
}

function sortedMs(micros: Map<string, number>): Array<{ component: string; ms: number }> {
  return [...micros].map(([component, m]) => ({ component, ms: m / 1000 })).sort((a, b) => b.ms - a.ms);
}
