import { Writable } from "node:stream";

import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, startApi, TEST_KEY } from "./api-harness.js";

let h: ApiHarness;
let logs = "";
const OLD_KEY = "old-rotated-key";

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  h = await startApi({
    logger: pino({ level: "info" }, sink),
    settings: {
      apiKeys: [
        { name: "ops", sha256: hashApiKey(TEST_KEY), role: "admin" },
        { name: "ops", sha256: hashApiKey(OLD_KEY), role: "admin" },
        { name: "ci", sha256: hashApiKey("ci-key"), role: "admin" },
      ],
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: "GET", url, headers });

describe("API key auth", () => {
  it("refuses /api/* without a key with 401 and a Bearer challenge", async () => {
    const res = await get("/api/v1/dispatcher");
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(res.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
  });

  it("refuses a wrong key and never logs the key", async () => {
    const secret = "wrong-key-5f0c2a9e";
    const bearer = await get("/api/v1/dispatcher", { authorization: `Bearer ${secret}` });
    const header = await get("/api/v1/dispatcher", { "x-api-key": secret });
    expect([bearer.statusCode, header.statusCode]).toEqual([401, 401]);
    expect(logs).toContain("unauthorized request");
    expect(logs).not.toContain(secret);
    expect(logs).not.toContain(TEST_KEY);
  });

  it("accepts a key as Bearer or x-api-key, and the old key of a rotated name", async () => {
    expect((await get("/api/v1/dispatcher", { authorization: `Bearer ${TEST_KEY}` })).statusCode).toBe(200);
    expect((await get("/api/v1/dispatcher", { "x-api-key": "ci-key" })).statusCode).toBe(200);
    expect((await get("/api/v1/dispatcher", { authorization: `Bearer ${OLD_KEY}` })).statusCode).toBe(200);
  });

  it("records the key's name as the actor", async () => {
    await h.app.inject({
      method: "POST",
      url: "/api/v1/dispatcher/stop",
      headers: { "x-api-key": "ci-key" },
    });
    const state = await get("/api/v1/dispatcher", { "x-api-key": "ci-key" });
    expect(state.json()).toMatchObject({ state: "stopped", updatedBy: "ci" });
  });

  it("protects the dashboard with a Basic challenge and accepts the key as the password", async () => {
    const res = await get("/admin/queues");
    expect(res.statusCode).toBe(401);
    expect(res.headers["www-authenticate"]).toMatch(/^Basic realm="dispatcher"/);
    const basic = Buffer.from(`anyone:${TEST_KEY}`).toString("base64");
    const ok = await get("/admin/queues", { authorization: `Basic ${basic}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/text\/html/);
  });

  it("keeps /health, /version, /docs and /openapi.json open", async () => {
    for (const url of ["/health", "/version", "/docs", "/openapi.json"]) {
      const res = await get(url);
      expect(res.statusCode, url).not.toBe(401);
      expect(res.statusCode, url).toBeLessThan(400);
    }
  });
});

describe("without API_KEYS", () => {
  it("lets every request through as actor anonymous", async () => {
    const open = await startApi({ settings: { apiKeys: [] } });
    try {
      const res = await open.app.inject({ method: "POST", url: "/api/v1/dispatcher/stop" });
      expect(res.statusCode).toBe(200);
      expect(res.json().updatedBy).toBe("anonymous");
    } finally {
      await open.close();
    }
  });
});
