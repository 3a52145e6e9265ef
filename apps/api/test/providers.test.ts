import { DEFAULT_PROVIDER_ROUTING, Secret } from "@dispatcher/core";
import { listDispatcherEvents, seedProviders } from "@dispatcher/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY } from "./api-harness.js";

// The providers' routing through the control plane, over a real socket: auth, changes and their
// audit, and hostile input.

const READ_KEY = "viewer-key";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    settings: {
      apiKeys: [
        { name: "ops", sha256: hashApiKey(TEST_KEY), role: "admin" },
        { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" },
      ],
    },
  });
  await seedProviders(h.db, [
    { name: "primary", kind: "webhook", atLeastOnce: false, routing: DEFAULT_PROVIDER_ROUTING, settings: {} },
    {
      name: "twilio-us",
      kind: "twilio",
      atLeastOnce: false,
      routing: { ...DEFAULT_PROVIDER_ROUTING, countries: ["US"], maxPerSecond: 1 },
      settings: { authToken: new Secret("never-shown", "test") },
    },
  ]);
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});

const call = (method: string, path: string, body?: unknown, key?: string | null) =>
  callOverSocket<Record<string, unknown> & { items?: unknown; providers?: unknown }>(
    base,
    method,
    path,
    body,
    { key },
  );

describe("GET /api/v1/providers", () => {
  it("lists every stored provider with its routing and breaker, never a credential", async () => {
    const { status, body } = await call("GET", "/api/v1/providers");
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        name: "primary",
        kind: "webhook",
        weight: 1,
        countries: [],
        maxPerSecond: 0,
      }),
      expect.objectContaining({
        name: "twilio-us",
        kind: "twilio",
        countries: ["US"],
        maxPerSecond: 1,
        breaker: { state: "closed", remainingMs: 0 },
        updatedBy: "system",
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain("never-shown");
    expect((await call("GET", "/api/v1/providers/twilio-us")).body).toMatchObject({ name: "twilio-us" });
    // The dispatcher's status shows them too.
    expect((await call("GET", "/api/v1/dispatcher")).body.providers).toHaveLength(2);
  });

  it("needs a key: none or a wrong one is a 401; a read key may look but not change", async () => {
    expect((await call("GET", "/api/v1/providers", undefined, null)).status).toBe(401);
    expect((await call("GET", "/api/v1/providers", undefined, "wrong-key")).status).toBe(401);
    expect((await call("PATCH", "/api/v1/providers/primary", { weight: 2 }, null)).status).toBe(401);
    expect((await call("PATCH", "/api/v1/providers/primary", { weight: 2 }, "wrong-key")).status).toBe(401);
    expect((await call("GET", "/api/v1/providers", undefined, READ_KEY)).status).toBe(200);
    expect((await call("PATCH", "/api/v1/providers/primary", { weight: 2 }, READ_KEY)).status).toBe(403);
  });
});

describe("PATCH /api/v1/providers/{name}", () => {
  it("stores the change, answers the provider, and audits who changed what", async () => {
    const { status, body } = await call("PATCH", "/api/v1/providers/twilio-us", {
      weight: 0,
      maxPerSecond: 2.5,
      burst: 5,
      countries: ["US", "CA"],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      weight: 0,
      maxPerSecond: 2.5,
      burst: 5,
      countries: ["US", "CA"],
      updatedBy: "ops",
    });
    const [event] = await listDispatcherEvents(h.db, { limit: 1 });
    expect(event).toMatchObject({
      kind: "provider",
      actor: "ops",
      details: {
        provider: "twilio-us",
        from: { weight: 1, maxPerSecond: 1, burst: 0, countries: ["US"] },
        to: { weight: 0, maxPerSecond: 2.5, burst: 5, countries: ["US", "CA"] },
      },
    });
    // The same change again changes nothing and audits nothing.
    await call("PATCH", "/api/v1/providers/twilio-us", { weight: 0 });
    expect((await listDispatcherEvents(h.db, { limit: 1 }))[0]!.id).toBe(event!.id);
  });

  it.each([
    ["an unknown field", { weight: 1, password: "x" }],
    ["no field", {}],
    ["a negative weight", { weight: -1 }],
    ["a weight over 1000", { weight: 1_001 }],
    ["a fractional weight", { weight: 1.5 }],
    ["a weight as text", { weight: "1" }],
    ["a rate over the limit", { maxPerSecond: 1e9 }],
    ["a lower-case country", { countries: ["us"] }],
    ["a country with no phone numbering", { countries: ["XX"] }],
    ["a country with a NUL", { countries: ["U\u0000"] }],
    ["a repeated country", { countries: ["US", "US"] }],
  ])("refuses %s with a 400 naming the field, changing nothing", async (_case, change) => {
    const before = (await call("GET", "/api/v1/providers/primary")).body;
    const { status, body } = await call("PATCH", "/api/v1/providers/primary", change);
    expect(status).toBe(400);
    expect(body.requestId).toEqual(expect.any(String));
    if (Object.keys(change).length > 0)
      expect(JSON.stringify(body)).toMatch(/weight|countries|maxPerSecond|password/);
    expect((await call("GET", "/api/v1/providers/primary")).body).toEqual(before);
  });

  it("answers 404 for a provider never stored, and 400 for a name that cannot be one", async () => {
    expect((await call("PATCH", "/api/v1/providers/nobody", { weight: 1 })).status).toBe(404);
    expect((await call("GET", "/api/v1/providers/nobody")).status).toBe(404);
    for (const name of ["Primary", "..%2Fprimary", "a%00b", "x".repeat(40)]) {
      expect((await call("PATCH", `/api/v1/providers/${name}`, { weight: 1 })).status, name).toBe(400);
    }
  });
});
