import { CallbackHostError, createCallbackResolver } from "@dispatcher/core";
import { type DnsAnswer, type DnsServer, startDnsServer } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";

// The callback hosts' resolver (createCallbackResolver in @dispatcher/core) against a real DNS
// server on loopback UDP, whose questions are counted.

let dns: DnsServer | undefined;
afterEach(async () => {
  await dns?.close();
  dns = undefined;
});

async function resolverFor(answers: Record<string, DnsAnswer>, maxCacheMs = 30_000) {
  dns = await startDnsServer((name) => answers[name] ?? "nxdomain");
  return createCallbackResolver({ timeoutMs: 300, maxCacheMs, servers: [dns.server] });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("the callback host resolver", () => {
  it("answers a name's A and AAAA addresses, IPv4 first", async () => {
    const resolve = await resolverFor({
      "hooks.example.test": { addresses: ["2001:db8::7", "93.184.216.34"] },
    });
    expect(await resolve("hooks.example.test")).toEqual([
      { address: "93.184.216.34", family: 4 },
      { address: "2001:db8::7", family: 6 },
    ]);
  });

  it("answers IP literals and localhost without a query", async () => {
    const resolve = await resolverFor({});
    expect(await resolve("10.1.2.3")).toEqual([{ address: "10.1.2.3", family: 4 }]);
    expect((await resolve("localhost")).map((a) => a.address)).toEqual(["127.0.0.1", "::1"]);
    expect(dns!.queries).toEqual([]);
  });

  it("a server that never answers is `unavailable` within the timeout, and is asked again next time", async () => {
    const resolve = await resolverFor({ "slow.example.test": "silent" });
    const error = await failure(resolve("slow.example.test"));
    expect(error).toBeInstanceOf(CallbackHostError);
    expect(error).toMatchObject({ kind: "unavailable", message: expect.stringMatching(/within 300 ms/) });
    const asked = dns!.queries.length;
    await failure(resolve("slow.example.test"));
    expect(dns!.queries.length).toBeGreaterThan(asked);
  });

  it("SERVFAIL is `unavailable`, NXDOMAIN is `not-found`", async () => {
    const resolve = await resolverFor({ "broken.example.test": "servfail" });
    expect(await failure(resolve("broken.example.test"))).toMatchObject({ kind: "unavailable" });
    expect(await failure(resolve("gone.example.test"))).toMatchObject({
      kind: "not-found",
      message: "host gone.example.test does not resolve",
    });
  });

  it("reuses an answer within its TTL without a query; a not-found one too", async () => {
    const resolve = await resolverFor({ "hooks.example.test": { addresses: ["93.184.216.34"], ttl: 300 } });
    await resolve("hooks.example.test");
    await failure(resolve("gone.example.test"));
    const asked = dns!.queries.length;
    expect(asked).toBeGreaterThan(0);
    expect(await resolve("HOOKS.example.test.")).toEqual([{ address: "93.184.216.34", family: 4 }]);
    expect(await failure(resolve("gone.example.test"))).toMatchObject({ kind: "not-found" });
    expect(dns!.queries.length).toBe(asked);
  });

  it("asks again when caching is off (0) or the TTL is 0", async () => {
    for (const [ttl, maxCacheMs] of [
      [300, 0],
      [0, 30_000],
    ] as const) {
      const resolve = await resolverFor(
        { "hooks.example.test": { addresses: ["93.184.216.34"], ttl } },
        maxCacheMs,
      );
      await resolve("hooks.example.test");
      const asked = dns!.queries.length;
      await resolve("hooks.example.test");
      expect(dns!.queries.length).toBe(asked * 2);
      await dns!.close();
      dns = undefined;
    }
  });

  it("a stalled lookup holds up no other name", async () => {
    const resolve = await resolverFor({
      "slow.example.test": "silent",
      "hooks.example.test": { addresses: ["93.184.216.34"] },
    });
    let stalledSettled = false;
    const stalled = failure(resolve("slow.example.test")).finally(() => {
      stalledSettled = true;
    });
    expect(await resolve("hooks.example.test")).toEqual([{ address: "93.184.216.34", family: 4 }]);
    expect(stalledSettled).toBe(false);
    expect(await stalled).toMatchObject({ kind: "unavailable" });
  });
});
