import { DEVELOPMENT_RECIPIENT_HASH_KEY } from "@dispatcher/config";
import { BUILT_IN_KEYWORDS } from "@dispatcher/core";
import { createLogger } from "@dispatcher/runtime";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/build-app.js";
import { createDeliveryMetrics } from "../src/metrics/delivery-metrics.js";
import { type ApiHarness, startApi, TEST_KEYS } from "./api-harness.js";

let h: ApiHarness;
let second: FastifyInstance;

beforeAll(async () => {
  const settings = {
    rateLimit: { max: 3, windowMs: 60_000 },
    corsOrigins: ["https://ops.example.com"],
  };
  h = await startApi({ settings });
  // A second API instance on the same Redis and prefix, as a second replica would run.
  second = await buildApp({
    db: h.db,
    redis: h.redis,
    queues: h.queues,
    cache: h.cache,
    logger: createLogger({ name: "api-test-2", level: "silent", pretty: false }),
    deliveryMetrics: createDeliveryMetrics(),
    settings: {
      version: "0.0.0-test",
      allowEviction: false,
      apiKeys: TEST_KEYS,
      bodyLimitBytes: 524_288,
      intakeKeyTtlMs: 86_400_000,
      recipientHashKey: DEVELOPMENT_RECIPIENT_HASH_KEY,
      segments: { max: 0, turkishShiftTables: false },
      inboundKeywords: BUILT_IN_KEYWORDS,
      queuePrefix: h.prefix,
      ...settings,
    },
  });
});
afterAll(async () => {
  await second?.close();
  await h?.close();
});

describe("rate limiting", () => {
  it("counts one key's requests across API instances through Redis and answers 429 past the limit", async () => {
    const auth = { authorization: `Bearer ${"ops-test-key"}` };
    const codes = [];
    codes.push((await h.app.inject({ method: "GET", url: "/api/v1/dispatcher", headers: auth })).statusCode);
    codes.push((await second.inject({ method: "GET", url: "/api/v1/dispatcher", headers: auth })).statusCode);
    codes.push((await h.app.inject({ method: "GET", url: "/api/v1/dispatcher", headers: auth })).statusCode);
    const limited = await second.inject({ method: "GET", url: "/api/v1/dispatcher", headers: auth });
    codes.push(limited.statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    expect(limited.json()).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
    expect(limited.headers["retry-after"]).toBeDefined();
  });

  it("does not limit /health", async () => {
    for (let i = 0; i < 5; i++)
      expect((await h.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });
});

describe("CORS and security headers", () => {
  it("allows a configured origin and no other", async () => {
    const allowed = await h.app.inject({
      method: "OPTIONS",
      url: "/api/v1/dispatcher",
      headers: { origin: "https://ops.example.com", "access-control-request-method": "GET" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://ops.example.com");
    const other = await h.app.inject({
      method: "OPTIONS",
      url: "/api/v1/dispatcher",
      headers: { origin: "https://evil.example.com", "access-control-request-method": "GET" },
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends security headers", async () => {
    const res = await h.app.inject({ method: "GET", url: "/health" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["strict-transport-security"]).toMatch(/max-age/);
  });
});
