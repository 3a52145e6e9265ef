import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEVELOPMENT_RECIPIENT_HASH_KEY,
  loadApiConfig,
  loadDotEnv,
  loadWorkerConfig,
  MOCK_PROVIDER_URL,
} from "../src/index.js";
import { TEST_ADAPTERS } from "./adapter-check.js";

/** A Standard Webhooks secret: whsec_ and the base64 of 32 bytes. */
const SIGNING_SECRET = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;

describe("worker config", () => {
  it("defaults to the mock provider and the documented pace outside production", () => {
    const config = loadWorkerConfig(TEST_ADAPTERS, {});
    expect(config).toMatchObject({
      PROVIDER_URL: MOCK_PROVIDER_URL,
      PROVIDER_AUTH_HEADER: "x-ins-auth-key",
      SEND_ATTEMPTS: 5,
      WORKER_CONCURRENCY: 10,
      QUEUE_PREFIX: "dispatcher",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/dispatcher",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
  });

  it("requires PROVIDER_URL and PROVIDER_AUTH_KEY in production", () => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { NODE_ENV: "production" })).toThrow(ConfigError);
  });

  it("bounds provider pauses and Redis commands, and keeps the sent cache small by default", () => {
    expect(loadWorkerConfig(TEST_ADAPTERS, {})).toMatchObject({
      PROVIDER_MAX_PAUSE_MS: 60_000,
      REDIS_COMMAND_TIMEOUT_MS: 5_000,
      DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: 60_000,
      DATABASE_POOL_MIN: 4,
      SENT_CACHE_TTL_SECONDS: 600,
    });
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { PROVIDER_MAX_PAUSE_MS: "86400000" })).toThrow(ConfigError);
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { SENT_CACHE_TTL_SECONDS: "31536000" })).toThrow(
      ConfigError,
    );
  });

  it("has breaker defaults and refuses a failure rate of 0", () => {
    expect(loadWorkerConfig(TEST_ADAPTERS, {})).toMatchObject({
      PROVIDER_BREAKER_WINDOW_MS: 10_000,
      PROVIDER_BREAKER_MIN_CALLS: 5,
      PROVIDER_BREAKER_FAILURE_RATE: 0.5,
      PROVIDER_BREAKER_COOLDOWN_MS: 15_000,
      PROVIDER_ROUTING_REFRESH_MS: 2_000,
    });
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { PROVIDER_BREAKER_FAILURE_RATE: "0" })).toThrow(
      ConfigError,
    );
  });

  it("refuses an out-of-range integer", () => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { WORKER_CONCURRENCY: "0" })).toThrow(ConfigError);
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { SEND_ATTEMPTS: "2.5" })).toThrow(ConfigError);
  });
});

describe("bad settings", () => {
  it("throw one ConfigError naming every bad variable, and never exit", () => {
    let message = "";
    try {
      loadWorkerConfig(TEST_ADAPTERS, { WORKER_CONCURRENCY: "0", SEND_ATTEMPTS: "many" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain("WORKER_CONCURRENCY");
    expect(message).toContain("SEND_ATTEMPTS");
  });

  it("a ConfigError's message carries no ANSI colour codes, so docker logs shows plain text", () => {
    let message = "";
    try {
      loadWorkerConfig(TEST_ADAPTERS, { WORKER_CONCURRENCY: "0" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^=+\n Invalid environment variables:\n {4}WORKER_CONCURRENCY: must be an integer/,
    );
    expect(message).not.toContain("\u001b[");
  });

  it("a Redis Cluster without a {hash-tag} prefix is a ConfigError too", () => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { REDIS_CLUSTER_NODES: "redis://127.0.0.1:7000" })).toThrow(
      /QUEUE_PREFIX must contain a \{hash-tag\}/,
    );
  });
});

describe("api config", () => {
  it("reads STOP_KEYWORDS, START_KEYWORDS and HELP_KEYWORDS folded, and refuses what is not one word", () => {
    const config = loadApiConfig(TEST_ADAPTERS, {
      STOP_KEYWORDS: " dur, İptal ,DUR,",
      START_KEYWORDS: "başla",
      HELP_KEYWORDS: "yardım",
    });
    expect([config.STOP_KEYWORDS, config.START_KEYWORDS, config.HELP_KEYWORDS]).toEqual([
      ["DUR", "IPTAL"],
      ["BASLA"],
      ["YARDIM"],
    ]);
    expect(loadApiConfig(TEST_ADAPTERS, {}).STOP_KEYWORDS).toEqual([]);
    expect(() => loadApiConfig(TEST_ADAPTERS, { STOP_KEYWORDS: "stop now,quit" })).toThrow(/STOP NOW/);
    expect(() => loadApiConfig(TEST_ADAPTERS, { HELP_KEYWORDS: "he\u0000lp" })).toThrow(/HELP_KEYWORDS/);
  });

  it("refuses ALLOWED_COUNTRIES on the API and the worker, pointing at the country rules that replaced it", () => {
    expect(() => loadApiConfig(TEST_ADAPTERS, { ALLOWED_COUNTRIES: "TR" })).toThrow(
      /ALLOWED_COUNTRIES is no longer read.*\/api\/v1\/protection\/countries/,
    );
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { ALLOWED_COUNTRIES: "TR" })).toThrow(/ALLOWED_COUNTRIES/);
    // Empty is as good as unset.
    expect(() => loadApiConfig(TEST_ADAPTERS, { ALLOWED_COUNTRIES: "" })).not.toThrow();
  });

  it("keys recipient hashes with RECIPIENT_HASH_KEY; outside production a development key when it is empty, in production none", () => {
    const key = "k".repeat(32);
    expect(loadApiConfig(TEST_ADAPTERS, { RECIPIENT_HASH_KEY: key }).recipientHashKey).toBe(key);
    expect(loadApiConfig(TEST_ADAPTERS, {}).recipientHashKey).toBe(DEVELOPMENT_RECIPIENT_HASH_KEY);
    expect(loadApiConfig(TEST_ADAPTERS, { NODE_ENV: "production" }).recipientHashKey).toBe("");
    expect(() => loadApiConfig(TEST_ADAPTERS, { RECIPIENT_HASH_KEY: "short" })).toThrow(/RECIPIENT_HASH_KEY/);
  });

  it("defaults to 2 messages every 2 minutes, auto-started", () => {
    expect(loadApiConfig(TEST_ADAPTERS, {})).toMatchObject({
      DISPATCH_INTERVAL_MS: 120_000,
      DISPATCH_BATCH_SIZE: 2,
      AUTO_START: true,
      API_PORT: 3000,
    });
  });

  it("reads API_KEYS entries with an optional role; an entry without one is admin", () => {
    const hash = "a".repeat(64);
    expect(
      loadApiConfig(TEST_ADAPTERS, {
        API_KEYS: `ops:${hash},grafana:${"B".repeat(64)}:read,ci:${hash}:admin`,
      }).API_KEYS,
    ).toEqual([
      { name: "ops", sha256: hash, role: "admin" },
      { name: "grafana", sha256: "b".repeat(64), role: "read" },
      { name: "ci", sha256: hash, role: "admin" },
    ]);
    for (const bad of [`ops:${hash}:root`, `ops:${hash}:`, "secret", `ops:${hash.slice(1)}`]) {
      expect(() => loadApiConfig(TEST_ADAPTERS, { API_KEYS: bad }), bad).toThrow(ConfigError);
    }
  });

  it("refuses an interval under one second", () => {
    expect(() => loadApiConfig(TEST_ADAPTERS, { DISPATCH_INTERVAL_MS: "999" })).toThrow(ConfigError);
  });

  it("reads TRUST_PROXY as off, any hop, a number of hops or proxy addresses", () => {
    expect(loadApiConfig(TEST_ADAPTERS, {}).TRUST_PROXY).toBe(false);
    expect(loadApiConfig(TEST_ADAPTERS, { TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(loadApiConfig(TEST_ADAPTERS, { TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(loadApiConfig(TEST_ADAPTERS, { TRUST_PROXY: "10.0.0.0/8, 127.0.0.1,::1" }).TRUST_PROXY).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
    ]);
    for (const bad of ["yes", "10.0.0.0/8,evil.example", "1 2", "cafe", "1.2", "::/999", "10.0.0.0/33"]) {
      expect(() => loadApiConfig(TEST_ADAPTERS, { TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });

  it("reads API_KEY_CALLBACK_URLS for keys it knows, only with callbacks on", () => {
    const hash = "a".repeat(64);
    const on = {
      API_KEYS: `ops:${hash},crm:${hash}`,
      CALLBACK_SIGNING_SECRET: SIGNING_SECRET,
      RECEIPT_SECRET: "r".repeat(32),
    };
    expect(
      loadApiConfig(TEST_ADAPTERS, {
        ...on,
        API_KEY_CALLBACK_URLS: " ops=https://h.example/a?x=1,2\ncrm=http://h.example/b ",
      }).API_KEY_CALLBACK_URLS,
    ).toEqual({ ops: "https://h.example/a?x=1,2", crm: "http://h.example/b" });
    expect(loadApiConfig(TEST_ADAPTERS, on).API_KEY_CALLBACK_URLS).toEqual({});
    for (const bad of ["ops", "ops=ftp://h/x", "ops=not-a-url", "ops=https://a ops=https://b"]) {
      expect(() => loadApiConfig(TEST_ADAPTERS, { ...on, API_KEY_CALLBACK_URLS: bad }), bad).toThrow(
        ConfigError,
      );
    }
    expect(() =>
      loadApiConfig(TEST_ADAPTERS, { ...on, API_KEY_CALLBACK_URLS: "billing=https://h/x" }),
    ).toThrow(/billing/);
    expect(() =>
      loadApiConfig(TEST_ADAPTERS, {
        ...on,
        CALLBACK_SIGNING_SECRET: "",
        API_KEY_CALLBACK_URLS: "ops=https://h/x",
      }),
    ).toThrow(/CALLBACK_SIGNING_SECRET/);
  });
});

describe("status callback settings", () => {
  const OLD = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;

  it("reads a current and a previous Standard Webhooks secret, current first; none is off", () => {
    const env = { CALLBACK_SIGNING_SECRET: SIGNING_SECRET, CALLBACK_SIGNING_SECRET_PREVIOUS: OLD };
    expect(loadWorkerConfig(TEST_ADAPTERS, env).callbackSigningSecrets).toEqual([SIGNING_SECRET, OLD]);
    expect(
      loadWorkerConfig(TEST_ADAPTERS, { CALLBACK_SIGNING_SECRET: SIGNING_SECRET }).callbackSigningSecrets,
    ).toEqual([SIGNING_SECRET]);
    expect(loadWorkerConfig(TEST_ADAPTERS, {}).callbackSigningSecrets).toEqual([]);
  });

  it.each([
    ["no whsec_ prefix", Buffer.alloc(32, 1).toString("base64")],
    ["too short", `whsec_${Buffer.alloc(16, 1).toString("base64")}`],
    ["not base64", "whsec_not*base64*at*all*not*base64*at*all"],
    ["a plain hex secret", "c".repeat(64)],
  ])("refuses a secret with %s, naming the setting", (_why, value) => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { CALLBACK_SIGNING_SECRET: value })).toThrow(
      /CALLBACK_SIGNING_SECRET.*whsec_/s,
    );
    expect(() =>
      loadApiConfig(TEST_ADAPTERS, {
        CALLBACK_SIGNING_SECRET: SIGNING_SECRET,
        CALLBACK_SIGNING_SECRET_PREVIOUS: value,
      }),
    ).toThrow(/CALLBACK_SIGNING_SECRET_PREVIOUS/);
  });

  it("refuses a previous secret without a current one", () => {
    expect(() => loadWorkerConfig(TEST_ADAPTERS, { CALLBACK_SIGNING_SECRET_PREVIOUS: OLD })).toThrow(
      /CALLBACK_SIGNING_SECRET_PREVIOUS is set without CALLBACK_SIGNING_SECRET/,
    );
  });

  it("refuses CALLBACK_SECRET on the API and the worker, naming CALLBACK_SIGNING_SECRET", () => {
    for (const load of [loadApiConfig, loadWorkerConfig]) {
      expect(() => load(TEST_ADAPTERS, { CALLBACK_SECRET: "c".repeat(40) })).toThrow(
        /CALLBACK_SECRET is no longer read.*CALLBACK_SIGNING_SECRET.*whsec_/,
      );
    }
    expect(() => loadApiConfig(TEST_ADAPTERS, { CALLBACK_SECRET: "" })).not.toThrow();
  });

  it("bounds callback DNS: 2 s lookups, answers reused 30 s at most, never over a minute", () => {
    expect(loadWorkerConfig(TEST_ADAPTERS, {})).toMatchObject({
      CALLBACK_DNS_TIMEOUT_MS: 2_000,
      CALLBACK_DNS_CACHE_MAX_MS: 30_000,
    });
    expect(() => loadApiConfig(TEST_ADAPTERS, { CALLBACK_DNS_CACHE_MAX_MS: "600000" })).toThrow(
      /CALLBACK_DNS_CACHE_MAX_MS/,
    );
  });
});

describe("loadDotEnv", () => {
  it("loads the nearest .env up to the workspace root; the environment wins; DOTENV=off skips it", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const root = mkdtempSync(join(tmpdir(), "dotenv-"));
    writeFileSync(join(root, "pnpm-workspace.yaml"), "packages: []\n");
    writeFileSync(join(root, ".env"), "DOTENV_TEST_A=from-file\nDOTENV_TEST_B=from-file\n");
    const app = join(root, "apps", "api");
    mkdirSync(app, { recursive: true });
    process.env.DOTENV_TEST_B = "from-env";
    try {
      expect(loadDotEnv(app)).toBe(join(root, ".env"));
      expect(process.env.DOTENV_TEST_A).toBe("from-file");
      expect(process.env.DOTENV_TEST_B).toBe("from-env");
      delete process.env.DOTENV_TEST_A;
      process.env.DOTENV = "off";
      expect(loadDotEnv(app)).toBeUndefined();
      expect(process.env.DOTENV_TEST_A).toBeUndefined();
      delete process.env.DOTENV;
      // Not above the workspace root: a folder with its own pnpm-workspace.yaml and no .env.
      const other = mkdtempSync(join(tmpdir(), "dotenv-none-"));
      writeFileSync(join(other, "pnpm-workspace.yaml"), "packages: []\n");
      expect(loadDotEnv(other)).toBeUndefined();
    } finally {
      delete process.env.DOTENV_TEST_A;
      delete process.env.DOTENV_TEST_B;
      delete process.env.DOTENV;
    }
  });
});
