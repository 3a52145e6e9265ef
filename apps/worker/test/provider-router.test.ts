import { DEFAULT_PROVIDER_ROUTING, type ProviderRouting } from "@dispatcher/core";
import {
  type BreakerSettings,
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  recordBreakerOutcomes,
} from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { testQueuePrefix } from "@dispatcher/test-setup";
import { eventually } from "@dispatcher/testing";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AttemptToRoute,
  createProviderRouter,
  type ProviderRouter,
  type RoutedProvider,
} from "../src/send/provider-router.js";

const logger = createLogger({ name: "test", level: "silent", pretty: false });
let redis: RedisConnection;
let queues: DispatcherQueues;
let routers: ProviderRouter[] = [];
beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
  queues = createDispatcherQueues({ connection: redis, prefix: testQueuePrefix() });
});
afterEach(async () => {
  await Promise.all(routers.map((r) => r.close()));
  routers = [];
});
afterAll(async () => {
  await queues.close();
  redis.disconnect();
});

/** A provider whose client is never called: these tests only route. */
const provider = (name: string): RoutedProvider => ({
  name,
  atLeastOnce: false,
  adapter: { deduplicates: true, send: () => Promise.reject(new Error("not here")), close: async () => {} },
});

const settings: BreakerSettings = {
  windowMs: 1_000,
  minCalls: 3,
  failureRate: 0.5,
  cooldownMs: 300,
  probeMs: 2_000,
};
let n = 0;

/** A router over providers `names` (routing `routing`), its breakers in this file's Redis under a fresh prefix of names. */
function router(
  names: string[],
  routing: Record<string, Partial<ProviderRouting>> = {},
  breakers = true,
): ProviderRouter {
  const made = createProviderRouter({
    providers: names.map(provider),
    routing: new Map(names.map((name) => [name, { ...DEFAULT_PROVIDER_ROUTING, ...routing[name] }])),
    breakers: breakers
      ? {
          record: (name, outcomes) => recordBreakerOutcomes(queues, { provider: name, outcomes, settings }),
          settings,
          reportEveryMs: 25,
        }
      : undefined,
    logger,
  });
  routers.push(made);
  return made;
}

const free: AttemptToRoute = { recipient: "+905551234567", provider: null, providerFree: true };
const chosen = (r: ProviderRouter, attempt = free) => {
  const route = r.route(attempt);
  if (!("provider" in route)) throw new Error(`no provider: ${JSON.stringify(route)}`);
  return route;
};

describe("routing free attempts between providers", () => {
  it("draws by weight among the providers that reach the number", () => {
    const r = router(
      ["a", "b", "c"],
      { a: { weight: 1 }, b: { weight: 3 }, c: { weight: 6, countries: ["DE"] } },
      false,
    );
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4_000; i++) counts[chosen(r).provider.name]!++;
    // c sends to Germany only: a Turkish number splits 1:3 between a and b.
    expect(counts.c).toBe(0);
    expect(counts.a! / 4_000).toBeGreaterThan(0.2);
    expect(counts.a! / 4_000).toBeLessThan(0.3);
    const german = { ...free, recipient: "+4915123456789" };
    expect(new Set(Array.from({ length: 50 }, () => chosen(r, german).provider.name))).toEqual(
      new Set(["a", "b", "c"]),
    );
  });

  it("keeps startSending's choice when it is in the best tier, and moves one that is not", () => {
    const r = router(["a", "b"], { a: { weight: 1 }, b: { weight: 0 } }, false);
    expect(chosen(r, { ...free, provider: "a" })).toEqual({
      provider: expect.objectContaining({ name: "a" }),
      moved: false,
    });
    // b is a standby while a is healthy.
    expect(chosen(r, { ...free, provider: "b" })).toMatchObject({ provider: { name: "a" }, moved: true });
    expect(r.candidates()).toEqual({ names: ["a"], weights: [1] });
    // A changed routing (as read from Postgres) applies to the next attempt.
    r.setRouting(
      new Map([
        ["a", { ...DEFAULT_PROVIDER_ROUTING, weight: 0 }],
        ["b", { ...DEFAULT_PROVIDER_ROUTING, weight: 2 }],
      ]),
    );
    expect(chosen(r, { ...free, provider: "a" })).toMatchObject({ provider: { name: "b" }, moved: true });
  });

  it("fails a number no provider reaches, and keeps a bound attempt where it is bound", () => {
    const r = router(["a"], { a: { countries: ["DE"] } }, false);
    expect(r.route(free)).toEqual({
      reason: "no configured provider sends to this recipient's country",
      retry: false,
    });
    expect(chosen(r, { ...free, provider: "a", providerFree: false })).toMatchObject({
      provider: { name: "a" },
      moved: false,
    });
    expect(r.route({ ...free, provider: "gone", providerFree: false })).toMatchObject({ retry: true });
  });
});

describe("the half-open probe, with two workers on one Redis", () => {
  it("goes to the worker with a message for the provider, not to an idle one, and is kept until used", async () => {
    const names = [`a${n}`, `b${n++}`];
    const [a] = names as [string, string];
    const busy = router(names);
    const idle = router(names);
    // Open a's breaker: failures reported by the busy worker.
    for (let i = 0; i < 3; i++) busy.report(a, "failed");
    await eventually(() => expect(busy.candidates().names).not.toContain(a), 2_000, 20);
    await new Promise((r) => setTimeout(r, settings.cooldownMs + 100));
    // The idle worker keeps reporting (every 25 ms) and routing nothing; the busy one routes free
    // attempts, which makes it ask for the probe at its next report.
    const probe = await eventually(
      () => {
        const route = chosen(busy);
        expect(route.provider.name).toBe(a);
        expect(route.probe).toBeDefined();
        return route.probe!;
      },
      3_000,
      30,
    );
    // Only that call's outcome decides: a success closes the breaker for both workers.
    busy.report(a, "ok", probe);
    await eventually(() => expect(idle.candidates().names).toContain(a), 2_000, 20);
    expect(busy.candidates().names).toContain(a);
  });

  it("a granted probe survives the reports that follow until an attempt uses it", async () => {
    const names = [`a${n}`, `b${n++}`];
    const [a] = names as [string, string];
    const r = router(names);
    for (let i = 0; i < 3; i++) r.report(a, "failed");
    await eventually(() => expect(r.candidates().names).not.toContain(a), 2_000, 20);
    await new Promise((resolve) => setTimeout(resolve, settings.cooldownMs + 100));
    // One free attempt marks the want; the grant comes at the next report.
    chosen(r);
    // Many reports later (each answers half-open without a token), the probe is still held.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const route = chosen(r);
    expect(route.provider.name).toBe(a);
    expect(route.probe).toBeDefined();
  });
});
