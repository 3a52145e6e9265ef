import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
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

  it("a real deployment's variables are used as given, and the mock provider is not started", async () => {
    const config = await compose(["--env-file", EMPTY_ENV_FILE, "config"], {
      API_KEYS: "ops:0000000000000000000000000000000000000000000000000000000000000000",
      PROVIDER_URL: "https://sms.example/messages",
      PROVIDER_AUTH_KEY: "secret-key",
      DISPATCH_INTERVAL_MS: "60000",
    });
    expect(config.code, config.stderr).toBe(0);
    expect(config.stdout).toContain("https://sms.example/messages");
    // The API's and the workers' own NODE_ENV (the mock provider always has production).
    const api = config.stdout.slice(config.stdout.indexOf("\n  api:"), config.stdout.indexOf("\n  migrate:"));
    const worker = config.stdout.slice(config.stdout.indexOf("\n  worker:"));
    for (const block of [api, worker]) expect(block).toMatch(/NODE_ENV: production/);
    expect(config.stdout).toMatch(/DISPATCH_INTERVAL_MS: '?60000/);
    // Only the mock provider is gated behind a profile (`demo`): a real deployment never starts it.
    expect(config.stdout.match(/^ {4}profiles:/gm)).toHaveLength(1);
    const mock = config.stdout.slice(config.stdout.indexOf("\n  mock-provider:"));
    expect(mock).toMatch(/^ {4}profiles:\n {4}- demo$/m);
  });
});
