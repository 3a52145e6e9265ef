import type { TestProject } from "vitest/node";
import { composeCommand, run } from "./compose.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why the compose suite cannot run here, or "" when a container engine answers. */
    composeUnavailable: string;
    composeCommand: string[];
  }
}

/**
 * Vitest global setup of the compose suite: checks for a container engine, and builds the
 * project's image once (every test's stack uses it). Without an engine the tests are skipped
 * and say why; `.ci/run` starts one, so CI always runs them. The stand-in base images
 * (infra/ci-images) must exist already where no image registry is reachable.
 */
export default async function setup(project: TestProject): Promise<void> {
  const info = await run("docker", ["info", "--format", "{{.ServerVersion}}"]);
  if (info.code !== 0) {
    const why = `no container engine answers \`docker info\` (${info.stderr.trim().split("\n")[0] ?? ""})`;
    process.stdout.write(`\ncompose suite SKIPPED: ${why}\n\n`);
    project.provide("composeUnavailable", why);
    project.provide("composeCommand", []);
    return;
  }
  const compose = await composeCommand();
  const started = Date.now();
  const built = await run(compose[0]!, [...compose.slice(1), "--env-file", "infra/demo.env", "build"], {
    env: { DOCKER_BUILDKIT: "0", COMPOSE_DOCKER_CLI_BUILD: "0" },
    timeoutMs: 900_000,
  });
  if (built.code !== 0)
    throw new Error(`image build failed:\n${built.stdout.slice(-4_000)}\n${built.stderr.slice(-4_000)}`);
  const size = await run("docker", ["image", "inspect", "message-dispatcher:local", "--format", "{{.Size}}"]);
  process.stdout.write(
    `compose suite: engine ${info.stdout.trim()}, ${compose.join(" ")}, image message-dispatcher:local ` +
      `${(Number(size.stdout.trim()) / 1e6).toFixed(0)} MB built in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  project.provide("composeUnavailable", "");
  project.provide("composeCommand", compose);
}
