import { getDispatcherState, listDispatcherEvents } from "@dispatcher/db";
import { nonCanonicalTargets, type RawResponse, rawHttp } from "@dispatcher/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, startApi, TEST_KEY } from "./api-harness.js";

// Every request here goes over a real socket with the target exactly as written: `inject()`
// normalises targets, and the tricks under test live in the raw request line.

const READ_KEY = "read-only-test-key";
let h: ApiHarness;
let base: string;
let authority: string;

beforeAll(async () => {
  h = await startApi({
    settings: {
      apiKeys: [
        { name: "ops", sha256: hashApiKey(TEST_KEY), role: "admin" },
        { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" },
      ],
      rateLimit: { max: 1_000_000, windowMs: 60_000 },
    },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
  authority = new URL(base).host;
});
afterAll(async () => {
  await h?.close();
});

interface Route {
  method: string;
  path: string;
}

/** Every documented route that declares an API key, with `1` for each path parameter. */
function documentedProtectedRoutes(): Route[] {
  const doc = h.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (operation.security?.length)
        routes.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, "1") });
    }
  }
  return routes;
}

/** Bull Board's routes are hidden from the OpenAPI document: a sample of readers and writers. */
const DASHBOARD_ROUTES: Route[] = [
  { method: "GET", path: "/admin/queues" },
  { method: "GET", path: "/admin/queues/api/queues" },
  { method: "GET", path: "/admin/queues/api/redis/stats" },
  { method: "PUT", path: "/admin/queues/api/queues/send-message/pause" },
  { method: "PUT", path: "/admin/queues/api/queues/dispatch-tick/pause" },
  { method: "PUT", path: "/admin/queues/api/queues/send-message/rate-limit" },
  { method: "PUT", path: "/admin/queues/api/queues/send-message/obliterate" },
  { method: "PUT", path: "/admin/queues/api/queues/send-message/clean/completed" },
  { method: "POST", path: "/admin/queues/api/queues/send-message/add" },
];

const OPEN_PATHS = ["/health", "/livez", "/readyz", "/version", "/metrics", "/docs", "/openapi.json"];

/** A request that did not reach a handler: refused (401/403/429), unrouted (404) or unparseable (400). */
function refused(response: RawResponse): boolean {
  return [400, 401, 403, 404, 429].includes(response.status);
}

async function assertNothingChanged(): Promise<void> {
  const state = await getDispatcherState(h.db);
  expect(state?.running).toBe(true);
  expect(await listDispatcherEvents(h.db, { limit: 10 })).toHaveLength(1);
  const messages = await h.db.selectFrom("messages").select("id").execute();
  expect(messages).toEqual([]);
  expect(await h.queues.send.isPaused()).toBe(false);
  expect(await h.queues.tick.isPaused()).toBe(false);
}

describe("the protected scope", () => {
  it("declares a key on every documented route under /api/v1 and on nothing open", () => {
    const doc = h.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => p.startsWith("/api/v1/")).length).toBeGreaterThanOrEqual(9);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const operation of Object.values(operations)) {
        expect(Boolean(operation.security?.length), path).toBe(path.startsWith("/api/v1/"));
      }
    }
  });

  it("refuses every protected route in every non-canonical form without a key, with a wrong key, and a read key on writes", async () => {
    const routes = [...documentedProtectedRoutes(), ...DASHBOARD_ROUTES];
    const failures: string[] = [];
    for (const route of routes) {
      for (const form of nonCanonicalTargets(route.path, authority)) {
        const credentials: Array<[string, Record<string, string>]> = [
          ["no key", {}],
          ["wrong key", { authorization: "Bearer not-a-key" }],
          ["wrong Basic key", { authorization: `Basic ${Buffer.from("x:not-a-key").toString("base64")}` }],
        ];
        if (route.method !== "GET") credentials.push(["read key", { "x-api-key": READ_KEY }]);
        for (const [who, headers] of credentials) {
          const response = await rawHttp(base, {
            method: route.method,
            target: form.target,
            headers: { "content-type": "application/json", ...headers },
            body: route.method === "GET" ? "" : "{}",
          });
          if (!refused(response)) {
            failures.push(`${route.method} ${form.target} (${form.name}, ${who}): ${response.status}`);
          }
          if (response.status === 401) expect(response.headers["www-authenticate"]).toBeDefined();
        }
      }
    }
    expect(failures).toEqual([]);
    await assertNothingChanged();
  });

  it("lets a valid key through the same decoding the router does", async () => {
    const auth = { authorization: `Bearer ${TEST_KEY}` };
    for (const target of [
      "/api/v1/dispatcher",
      "/%61pi/v1/dispatcher",
      `http://${authority}/api/v1/dispatcher?x=1`,
    ]) {
      const response = await rawHttp(base, { method: "GET", target, headers: auth });
      expect(response.status, target).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ state: "running" });
    }
    const viewer = await rawHttp(base, {
      method: "GET",
      target: "/%61dmin/queues/api/queues",
      headers: { "x-api-key": READ_KEY },
    });
    expect(viewer.status).toBe(200);
  });

  it("a read key may list but not change anything, on the API and the dashboard", async () => {
    const read = { "x-api-key": READ_KEY, "content-type": "application/json" };
    expect((await rawHttp(base, { method: "GET", target: "/api/v1/messages", headers: read })).status).toBe(
      200,
    );
    for (const route of [
      { method: "POST", path: "/api/v1/dispatcher/stop" },
      { method: "PATCH", path: "/api/v1/dispatcher" },
      { method: "POST", path: "/api/v1/messages" },
      { method: "PUT", path: "/admin/queues/api/queues/dispatch-tick/pause" },
    ]) {
      const response = await rawHttp(base, {
        method: route.method,
        target: route.path,
        headers: read,
        body: "{}",
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ statusCode: 403, error: "Forbidden" });
    }
    await assertNothingChanged();
  });

  it("keeps the open routes open", async () => {
    for (const path of OPEN_PATHS) {
      const response = await rawHttp(base, { method: "GET", target: path });
      expect(response.status, path).toBeLessThan(400);
    }
  });

  it("never reaches a protected handler without a key, whatever encoding of a protected path is generated", async () => {
    const routes = [...documentedProtectedRoutes(), ...DASHBOARD_ROUTES];
    const char = (c: string) =>
      fc.constantFrom(
        c,
        `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
        `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
        c.toUpperCase(),
        `%25${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
      );
    const segment = (s: string) => fc.tuple(...[...s].map(char)).map((parts) => parts.join(""));
    const separator = fc.constantFrom("/", "/", "/", "//", "/./", "/x/../", "/%2e/", "/%2E%2E/x/");
    const suffix = fc.constantFrom("", "", "/", ";a=b", "?q=1", "?", "/?", "#x", "%20", "%00");
    const prefix = fc.constantFrom(
      "",
      "",
      `http://${authority}`,
      "http://other.example",
      "HTTP://other.example",
    );
    const target = fc.constantFrom(...routes).chain((route) => {
      const parts = route.path.split("/").filter(Boolean);
      return fc
        .tuple(prefix, fc.tuple(...parts.map((p) => fc.tuple(separator, segment(p)))), suffix)
        .map(([pre, segs, post]) => ({
          method: route.method,
          target: `${pre}${segs.map(([sep, seg]) => sep + seg).join("")}${post}`,
        }));
    });
    const credentials = fc.constantFrom<Record<string, string>>(
      {},
      { authorization: "Bearer guess" },
      { "x-api-key": "" },
      { authorization: "Basic Og==" },
    );
    await fc.assert(
      fc.asyncProperty(target, credentials, async (request, headers) => {
        const response = await rawHttp(base, { ...request, headers, body: "" });
        if (!refused(response) || response.status === 403) {
          throw new Error(`${request.method} ${request.target} answered ${response.status}`);
        }
      }),
      { numRuns: 400 },
    );
    await assertNothingChanged();
  });
});

describe("rate limit before authentication", () => {
  it("answers a flood of wrong keys from one address with 429, counted per IP, while a valid key still works", async () => {
    const limited = await startApi({ settings: { rateLimit: { max: 5, windowMs: 60_000 } } });
    try {
      const url = await limited.app.listen({ port: 0, host: "127.0.0.1" });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const target = i % 2 ? "/api/v1/dispatcher/stop" : "/%61dmin/queues/api/queues";
        const method = i % 2 ? "POST" : "GET";
        statuses.push(
          (await rawHttp(url, { method, target, headers: { authorization: `Bearer guess-${i}` } })).status,
        );
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
      const refusedWith429 = await rawHttp(url, { method: "GET", target: "/api/v1/dispatcher" });
      expect(refusedWith429.status).toBe(429);
      expect(Number(refusedWith429.headers["retry-after"])).toBeGreaterThan(0);
      // A valid key is counted under its own name, not the address's.
      const ok = await rawHttp(url, {
        method: "GET",
        target: "/api/v1/dispatcher",
        headers: { authorization: `Bearer ${TEST_KEY}` },
      });
      expect(ok.status).toBe(200);
      expect((await getDispatcherState(limited.db))?.running).toBe(true);
    } finally {
      await limited.close();
    }
  });
});
