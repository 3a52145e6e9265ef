import { randomUUID } from "node:crypto";
import { eventually, freePort } from "@dispatcher/testing";
import { inject } from "vitest";
import { type CommandResult, run } from "./compose.js";

/** One container of a stack, as `docker inspect` sees it. */
export interface ContainerState {
  name: string;
  service: string;
  status: string;
  health: string | null;
  exitCode: number;
}

export interface Stack {
  project: string;
  apiUrl: string;
  mockUrl: string;
  /** The `monitoring` profile's Prometheus, where the stack runs it. */
  prometheusUrl: string;
  /** Runs `compose <args>` for this project (env file and ports included). */
  compose: (args: string[], env?: Record<string, string>) => Promise<CommandResult>;
  /** Like `compose`, but throws with the output when the command fails. */
  must: (args: string[], env?: Record<string, string>) => Promise<string>;
  containers: (service?: string) => Promise<ContainerState[]>;
  /** Resolves when every running container of the project reports healthy. */
  healthy: (timeoutMs?: number) => Promise<ContainerState[]>;
  /** A JSON request to `url` (the API's or the mock provider's); the body parsed, untyped. */
  http: (method: string, url: string, body?: unknown) => Promise<{ status: number; body: any }>;
  /** `down -v`: removes the containers, the network and the volumes. */
  destroy: () => Promise<void>;
}

/** What a stack is made of, beyond the defaults. */
export interface StackOptions {
  /** The env file, from the repository root. @defaultValue "infra/demo.env" */
  envFile?: string;
  /** Variables on top of the env file (they win over it). */
  env?: Record<string, string>;
  /** Compose files, from the repository root, each `-f`. @defaultValue docker-compose.yml (and an override beside it) */
  files?: string[];
  /** Profiles, each `--profile`; they replace the env file's COMPOSE_PROFILES. @defaultValue the env file's */
  profiles?: string[];
}

/**
 * A compose project of the test's own (its own name, volumes, network and host ports) from the
 * repository's docker-compose.yml, with `envFile` (default: the demo's) and `env` on top.
 */
export async function createStack(options: StackOptions = {}): Promise<Stack> {
  const command = inject("composeCommand");
  const project = `dispatcher-test-${randomUUID().slice(0, 8)}`;
  const [apiPort, mockPort, prometheusPort] = [await freePort(), await freePort(), await freePort()];
  const baseEnv = {
    API_HOST_PORT: String(apiPort),
    MOCK_PROVIDER_HOST_PORT: String(mockPort),
    PROMETHEUS_HOST_PORT: String(prometheusPort),
    COMPOSE_PROJECT_NAME: project,
    ...options.env,
  };
  const selection = [
    ...(options.files ?? []).flatMap((file) => ["-f", file]),
    ...(options.profiles ?? []).flatMap((profile) => ["--profile", profile]),
  ];
  const compose = (args: string[], env: Record<string, string> = {}) =>
    run(
      command[0]!,
      [...command.slice(1), ...selection, "--env-file", options.envFile ?? "infra/demo.env", ...args],
      { env: { ...baseEnv, ...env } },
    );
  const must = async (args: string[], env?: Record<string, string>) => {
    const result = await compose(args, env);
    if (result.code !== 0)
      throw new Error(`compose ${args.join(" ")}: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  };
  const containers = async (service?: string): Promise<ContainerState[]> => {
    const filters = ["--filter", `label=com.docker.compose.project=${project}`];
    if (service) filters.push("--filter", `label=com.docker.compose.service=${service}`);
    const ids = (await run("docker", ["ps", "-aq", ...filters])).stdout.split("\n").filter(Boolean);
    if (ids.length === 0) return [];
    const format =
      '{{.Name}}|{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|' +
      "{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.ExitCode}}";
    const out = await run("docker", ["inspect", "--format", format, ...ids]);
    return out.stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, svc, status, health, exitCode] = line.split("|");
        return {
          name: name!.replace(/^\//, ""),
          service: svc!,
          status: status!,
          health: health || null,
          exitCode: Number(exitCode),
        };
      });
  };
  const http = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    project,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    mockUrl: `http://127.0.0.1:${mockPort}`,
    prometheusUrl: `http://127.0.0.1:${prometheusPort}`,
    compose,
    must,
    containers,
    healthy: async (timeoutMs = 120_000) => {
      let last: ContainerState[] = [];
      await eventually(
        async () => {
          last = (await containers()).filter((c) => c.status === "running");
          const unhealthy = last.filter((c) => c.health !== "healthy");
          if (last.length === 0 || unhealthy.length > 0) {
            throw new Error(`not healthy yet: ${unhealthy.map((c) => `${c.name}=${c.health}`).join(", ")}`);
          }
        },
        timeoutMs,
        500,
      );
      return last;
    },
    http,
    destroy: async () => {
      await compose(["down", "-v", "--remove-orphans", "--timeout", "5"]);
    },
  };
}
