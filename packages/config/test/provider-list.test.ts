import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Secret } from "@dispatcher/core";
import { describe, expect, it } from "vitest";
import { ConfigError, loadApiConfig, loadWorkerConfig, MOCK_PROVIDER_URL } from "../src/index.js";
import { TEST_ADAPTERS } from "./adapter-check.js";

const webhook = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: "webhook",
  url: `https://${name}.example/messages`,
  authKey: { env: `${name.toUpperCase()}_KEY` },
  ...extra,
});

/** The ConfigError message loading `env` throws. */
function problems(env: Record<string, string>): string {
  try {
    loadWorkerConfig(TEST_ADAPTERS, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the config loaded");
}

describe("the providers a worker sends through (PROVIDERS)", () => {
  it("without PROVIDERS: one webhook named primary from PROVIDER_URL, its key a secret", () => {
    const [primary, ...rest] = loadWorkerConfig(TEST_ADAPTERS, {
      PROVIDER_AUTH_KEY: "k-1",
      PROVIDER_COUNTRIES: "tr",
    }).providers;
    expect(rest).toEqual([]);
    expect(primary).toMatchObject({
      name: "primary",
      kind: "webhook",
      routing: { countries: ["TR"], weight: 1, maxPerSecond: 0, burst: 0 },
      atLeastOnce: false,
      settings: { url: MOCK_PROVIDER_URL, authHeader: "x-ins-auth-key" },
    });
    const key = primary!.settings.authKey as Secret;
    expect(key).toBeInstanceOf(Secret);
    expect(key.reveal()).toBe("k-1");
    expect(JSON.stringify(primary)).not.toContain("k-1");
  });

  it("requires PROVIDER_URL and PROVIDER_AUTH_KEY in production only when PROVIDERS is empty", () => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { NODE_ENV: "production" })).toThrow(
      /PROVIDER_URL and PROVIDER_AUTH_KEY/,
    );
    const config = loadWorkerConfig(TEST_ADAPTERS, {
      NODE_ENV: "production",
      PROVIDERS: JSON.stringify([webhook("a")]),
      A_KEY: "secret-a",
    });
    expect(config.providers.map((p) => p.name)).toEqual(["a"]);
  });

  it("reads every entry: routing with defaults, credentials from the environment and from files", () => {
    const dir = mkdtempSync(join(tmpdir(), "providers-"));
    writeFileSync(join(dir, "b-key"), "secret-b\n");
    const config = loadWorkerConfig(TEST_ADAPTERS, {
      PROVIDERS: JSON.stringify([
        webhook("a", { countries: ["TR", "DE"], weight: 3, maxPerSecond: 2.5, burst: 10 }),
        webhook("b", {
          authKey: { file: join(dir, "b-key") },
          authHeader: "authorization",
          atLeastOnce: true,
        }),
      ]),
      A_KEY: "secret-a",
    });
    const [a, b] = config.providers;
    expect(a).toMatchObject({
      name: "a",
      routing: { countries: ["TR", "DE"], weight: 3, maxPerSecond: 2.5, burst: 10 },
    });
    expect(b).toMatchObject({ name: "b", atLeastOnce: true, routing: { weight: 1, maxPerSecond: 0 } });
    expect((a!.settings.authKey as Secret).reveal()).toBe("secret-a");
    expect((b!.settings.authKey as Secret).reveal()).toBe("secret-b");
    expect(JSON.stringify(config.providers)).not.toMatch(/secret-a|secret-b/);
  });

  it("names every bad field of every entry in one error, the kind's own fields as its check says", () => {
    const message = problems({
      PROVIDERS: JSON.stringify([
        webhook("a", { weight: -1, countries: ["XX"] }),
        { ...webhook("a"), atLeastOnce: "yes" },
        { name: "Bad Name", kind: "carrier-pigeon" },
        { name: "c", kind: "other", authKey: { env: "UNSET_KEY" }, token: { file: "/no/such/file" } },
      ]),
      A_KEY: "secret-a",
    });
    expect(message).toContain("PROVIDERS[0] (a): countries must be an array of ISO 3166-1 alpha-2 codes");
    expect(message).toContain("PROVIDERS[0] (a): weight must be an integer from 0 to 1000");
    expect(message).toContain('PROVIDERS[1] (a): name "a" is given twice');
    expect(message).toContain("PROVIDERS[1] (a): atLeastOnce must be true or false");
    expect(message).toContain("PROVIDERS[2] (Bad Name): name must be 1-32 lower-case letters");
    expect(message).toContain("PROVIDERS[2] (Bad Name): kind must be one of webhook, other");
    expect(message).toContain("PROVIDERS[3] (c): authKey: environment variable UNSET_KEY is not set");
    expect(message).toContain("PROVIDERS[3] (c): token: cannot read /no/such/file (ENOENT)");
    expect(message).toContain("PROVIDERS[3] (c): url is required");
  });

  it("refuses the settings PROVIDERS replaced, rather than ignore them", () => {
    expect(problems({ PROVIDER_SECONDARY_URL: "https://sms-b.example/messages" })).toMatch(
      /^PROVIDER_SECONDARY_URL: a second provider is now an entry of PROVIDERS/,
    );
    expect(loadWorkerConfig(TEST_ADAPTERS, { PROVIDER_SECONDARY_URL: "" }).providers).toHaveLength(1);
  });

  it("refuses PROVIDERS that is not a non-empty JSON array", () => {
    expect(problems({ PROVIDERS: "[{" })).toMatch(/^PROVIDERS: must be a JSON array/);
    expect(problems({ PROVIDERS: "{}" })).toMatch(/non-empty JSON array/);
    expect(problems({ PROVIDERS: "[]" })).toMatch(/non-empty JSON array/);
  });

  it("the API reads the same PROVIDERS, and none without it", () => {
    expect(loadApiConfig(TEST_ADAPTERS, {}).providers).toEqual([]);
    const api = loadApiConfig(TEST_ADAPTERS, {
      PROVIDERS: JSON.stringify([webhook("a")]),
      A_KEY: "secret-a",
    });
    expect(api.providers.map((p) => [p.name, p.kind])).toEqual([["a", "webhook"]]);
  });
});

describe("the lanes an API seeds (LANES)", () => {
  it("are transactional and bulk with their settings' paces, then the lanes LANES adds", () => {
    const { lanes } = loadApiConfig(TEST_ADAPTERS, {
      DISPATCH_INTERVAL_MS: "60000",
      LANES: JSON.stringify([
        { name: "marketing", intervalMs: 600_000, batchSize: 1 },
        { name: "alerts", intervalMs: 1_000, batchSize: 20, ahead: true, arrival: true },
      ]),
    });
    expect(lanes).toEqual([
      { name: "transactional", intervalMs: 1_000, batchSize: 50, ahead: true, arrival: true },
      { name: "bulk", intervalMs: 60_000, batchSize: 2, ahead: false, arrival: false },
      { name: "marketing", intervalMs: 600_000, batchSize: 1, ahead: false, arrival: false },
      { name: "alerts", intervalMs: 1_000, batchSize: 20, ahead: true, arrival: true },
    ]);
  });

  it("names every bad field", () => {
    expect(() =>
      loadApiConfig(TEST_ADAPTERS, {
        LANES: JSON.stringify([
          { name: "bulk", intervalMs: 10, batchSize: 1, colour: "red" },
          { name: "Bad", arrival: "yes" },
        ]),
      }),
    ).toThrow(
      /LANES\[0\]: name "bulk" is given twice[\s\S]*LANES\[0\]: intervalMs must be an integer from 1000[\s\S]*unknown fields: colour[\s\S]*LANES\[1\]: name must be[\s\S]*LANES\[1\]: arrival must be true or false/,
    );
  });

  it("a value with terminal escape codes cannot colour or move the error it is named in", () => {
    const messageOf = (LANES: string) => {
      try {
        loadApiConfig(TEST_ADAPTERS, { LANES });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("expected a ConfigError");
    };
    const field = messageOf(
      JSON.stringify([{ name: "x", intervalMs: 1_000, batchSize: 1, "\u001b[31mred": 1 }]),
    );
    const json = messageOf("[\u001b[2J\u0007");
    for (const message of [field, json]) {
      expect(message).toContain("LANES");
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
      expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });
});
