import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { run } from "../src/compose.js";

/** An env file with nothing in it: the compose file as a user without variables sees it. */
const EMPTY_ENV_FILE = join(mkdtempSync(join(tmpdir(), "compose-env-")), "empty.env");
writeFileSync(EMPTY_ENV_FILE, "");

const unavailable = inject("composeUnavailable");
const command = inject("composeCommand");
const compose = (args: string[], env: Record<string, string> = {}) =>
  run(command[0]!, [...command.slice(1), ...args], {
    env: { API_KEYS: "", PROVIDER_URL: "", PROVIDER_AUTH_KEY: "", ...env },
  });

describe.skipIf(unavailable !== "")("docker-compose.yml as documented", () => {
  it("with no variables refuses to start, naming what is missing and how to make an API key", async () => {
    const refused = await run(command[0]!, [
      ...command.slice(1),
      "--env-file",
      EMPTY_ENV_FILE,
      "up",
      "--no-start",
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/set (PROVIDER_URL|PROVIDER_AUTH_KEY|API_KEYS)/);
    const keys = await run(command[0]!, [...command.slice(1), "--env-file", EMPTY_ENV_FILE, "config", "-q"], {
      env: { PROVIDER_URL: "https://sms.example/messages", PROVIDER_AUTH_KEY: "k" },
    });
    expect(keys.stderr).toContain("pnpm api-key");
  });

  it("a real deployment's variables are used as given, and the mock provider and monitoring are not started", async () => {
    const config = await compose(["--env-file", EMPTY_ENV_FILE, "config"], {
      API_KEYS: "ops:0000000000000000000000000000000000000000000000000000000000000000",
      PROVIDER_URL: "https://sms.example/messages",
      PROVIDER_AUTH_KEY: "secret-key",
      DISPATCH_INTERVAL_MS: "60000",
    });
    expect(config.code, config.stderr).toBe(0);
    expect(config.stdout).toContain("https://sms.example/messages");
    const services = (
      parse(config.stdout) as {
        services: Record<string, { environment?: Record<string, string>; profiles?: string[] }>;
      }
    ).services;
    // The API's and the workers' own NODE_ENV (the mock provider always has production).
    for (const name of ["api", "worker"])
      expect(services[name]?.environment?.NODE_ENV, name).toBe("production");
    expect(String(services.api?.environment?.DISPATCH_INTERVAL_MS)).toBe("60000");
    // Only the mock provider (`demo`) and Prometheus and Grafana (`monitoring`) are gated behind a
    // profile: a real deployment starts none of them unless asked.
    const profiled = Object.fromEntries(
      Object.entries(services)
        .filter(([, service]) => service.profiles)
        .map(([name, service]) => [name, service.profiles]),
    );
    expect(profiled).toEqual({
      "mock-provider": ["demo"],
      prometheus: ["monitoring"],
      grafana: ["monitoring"],
    });
  });
});
