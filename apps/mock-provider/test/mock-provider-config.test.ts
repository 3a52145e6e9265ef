import { ConfigError, loadMockProviderConfig } from "@dispatcher/config";
import { describe, expect, it } from "vitest";

describe("loadMockProviderConfig", () => {
  it("defaults to 127.0.0.1:4010, any auth key and no simulated trouble", () => {
    const config = loadMockProviderConfig({});
    expect(config).toMatchObject({
      MOCK_PROVIDER_HOST: "127.0.0.1",
      MOCK_PROVIDER_PORT: 4010,
      MOCK_PROVIDER_AUTH_HEADER: "x-ins-auth-key",
      MOCK_PROVIDER_AUTH_KEY: "",
      MOCK_PROVIDER_LATENCY_MS: 0,
      MOCK_PROVIDER_FAIL_STATUS: 0,
      MOCK_PROVIDER_FAIL_RATE: 0,
      MOCK_PROVIDER_RETRY_AFTER_SECONDS: 1,
    });
  });

  it("reads every variable from the given env", () => {
    const config = loadMockProviderConfig({
      MOCK_PROVIDER_HOST: "0.0.0.0",
      MOCK_PROVIDER_PORT: "5000",
      MOCK_PROVIDER_AUTH_HEADER: "x-key",
      MOCK_PROVIDER_AUTH_KEY: "secret",
      MOCK_PROVIDER_LATENCY_MS: "25",
      MOCK_PROVIDER_FAIL_STATUS: "429",
      MOCK_PROVIDER_FAIL_RATE: "0.5",
      MOCK_PROVIDER_RETRY_AFTER_SECONDS: "3",
      LOG_PRETTY: "false",
    });
    expect(config).toMatchObject({
      MOCK_PROVIDER_HOST: "0.0.0.0",
      MOCK_PROVIDER_PORT: 5000,
      MOCK_PROVIDER_AUTH_HEADER: "x-key",
      MOCK_PROVIDER_AUTH_KEY: "secret",
      MOCK_PROVIDER_LATENCY_MS: 25,
      MOCK_PROVIDER_FAIL_STATUS: 429,
      MOCK_PROVIDER_FAIL_RATE: 0.5,
      MOCK_PROVIDER_RETRY_AFTER_SECONDS: 3,
      LOG_PRETTY: false,
    });
  });

  it.each([
    ["a 2xx fail status", { MOCK_PROVIDER_FAIL_STATUS: "200" }],
    ["a fail status above 599", { MOCK_PROVIDER_FAIL_STATUS: "600" }],
    ["a fail rate above 1", { MOCK_PROVIDER_FAIL_RATE: "1.5" }],
    ["a negative latency", { MOCK_PROVIDER_LATENCY_MS: "-1" }],
  ])("refuses to start with %s", (_name, env) => {
    expect(() => loadMockProviderConfig(env)).toThrow(ConfigError);
  });
});
