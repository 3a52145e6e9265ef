import { testQueuePrefix } from "@dispatcher/test-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type BreakerSettings,
  breakerKey,
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  recordBreakerOutcomes,
} from "../src/index.js";

let redis: RedisConnection;
let queues: DispatcherQueues;
const prefix = testQueuePrefix();

beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
  queues = createDispatcherQueues({ connection: redis, prefix });
});
afterAll(async () => {
  await queues.close();
  redis.disconnect();
});

const settings: BreakerSettings = {
  windowMs: 2_000,
  minCalls: 4,
  failureRate: 0.5,
  cooldownMs: 300,
  probeMs: 200,
};
let n = 0;
/** A breaker of its own for each test. */
const fresh = () => `p${n++}-${Date.now()}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a provider's circuit breaker in Redis", () => {
  it("stays closed below the fewest calls, and opens once the window's failure rate is reached", async () => {
    const p = fresh();
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 3 }, settings })).state,
    ).toBe("closed");
    const opened = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 0, failed: 1 },
      settings,
    });
    expect(opened.state).toBe("open");
    expect(opened.remainingMs).toBeGreaterThan(0);
    expect(opened.remainingMs).toBeLessThanOrEqual(settings.cooldownMs);
    // Another worker reading it (no outcomes) sees it open.
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 0 }, settings })).state,
    ).toBe("open");
  });

  it("a failure rate under the threshold keeps it closed", async () => {
    const p = fresh();
    const view = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 11, failed: 10 },
      settings,
    });
    expect(view.state).toBe("closed");
  });

  it("after the cool-down one caller at a time gets the probe; outcomes without its token change nothing", async () => {
    const p = fresh();
    await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 4 }, settings });
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 5, failed: 0 }, settings })).state,
    ).toBe("open");
    await sleep(settings.cooldownMs + 50);
    const first = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 0, failed: 0, wantsProbe: true },
      settings,
    });
    const second = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 3, failed: 0, wantsProbe: true },
      settings,
    });
    expect(first.state).toBe("half-open");
    expect(first.probe).not.toBeNull();
    // Successes of other calls (messages bound to it, calls started before it opened) do not close it.
    expect(second).toEqual({ state: "half-open", remainingMs: 0, probe: null });
    const forged = { outcome: "ok" as const, token: "not-the-token" };
    expect(
      (
        await recordBreakerOutcomes(queues, {
          provider: p,
          outcomes: { ok: 0, failed: 0, probe: forged },
          settings,
        })
      ).state,
    ).toBe("half-open");
    // The probe's time runs out without an outcome: another caller may probe, with a new token.
    await sleep(settings.probeMs + 50);
    const again = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 0, failed: 0, wantsProbe: true },
      settings,
    });
    expect(again.probe).not.toBeNull();
    expect(again.probe).not.toBe(first.probe);
  });

  it("a caller that does not want the probe (nothing to send there) is never granted it", async () => {
    const p = fresh();
    await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 4 }, settings });
    await sleep(settings.cooldownMs + 50);
    const idle = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 0, failed: 0 },
      settings,
    });
    expect(idle).toEqual({ state: "half-open", remainingMs: 0, probe: null });
    const busy = await recordBreakerOutcomes(queues, {
      provider: p,
      outcomes: { ok: 0, failed: 0, wantsProbe: true },
      settings,
    });
    expect(busy.probe).not.toBeNull();
  });

  it("a failed probe opens it for another cool-down; a successful one closes it and forgets the window", async () => {
    const p = fresh();
    await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 4 }, settings });
    await sleep(settings.cooldownMs + 50);
    const want = { ok: 0, failed: 0, wantsProbe: true };
    const probe = (await recordBreakerOutcomes(queues, { provider: p, outcomes: want, settings })).probe!;
    const failedProbe = { ok: 0, failed: 1, probe: { outcome: "failed" as const, token: probe } };
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: failedProbe, settings })).state,
    ).toBe("open");
    await sleep(settings.cooldownMs + 50);
    const next = (await recordBreakerOutcomes(queues, { provider: p, outcomes: want, settings })).probe!;
    // The first probe's late answer decides nothing now.
    const late = { ok: 1, failed: 0, probe: { outcome: "ok" as const, token: probe } };
    expect((await recordBreakerOutcomes(queues, { provider: p, outcomes: late, settings })).state).toBe(
      "half-open",
    );
    const succeeded = { ok: 1, failed: 0, probe: { outcome: "ok" as const, token: next } };
    expect((await recordBreakerOutcomes(queues, { provider: p, outcomes: succeeded, settings })).state).toBe(
      "closed",
    );
    // The failures before it closed are gone: three more do not open it.
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 3 }, settings })).state,
    ).toBe("closed");
  });

  it("failures older than the window no longer count", async () => {
    const p = fresh();
    const quick = { ...settings, windowMs: 300 };
    await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 3 }, settings: quick });
    await sleep(400);
    expect(
      (await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 0, failed: 1 }, settings: quick }))
        .state,
    ).toBe("closed");
  });

  it("keeps its state under the queue prefix, with an expiry", async () => {
    const p = fresh();
    await recordBreakerOutcomes(queues, { provider: p, outcomes: { ok: 1, failed: 0 }, settings });
    const key = breakerKey(queues, p);
    expect(key.startsWith(`${prefix}:`)).toBe(true);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(settings.windowMs * 2);
  });
});
