import { createSentCache } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { type PrivateRedis, startPrivateRedis } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { buildApp } from "../src/build-app.js";
import { createDeliveryMetrics } from "../src/metrics/delivery-metrics.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// The pumping guard over a real socket: its control plane (/api/v1/protection…), and intake
// refusing by country and number rules, recipient caps and API key quotas, with nothing stored.

const READ_KEY = "viewer-test-key";
const BOT_KEY = "bot-test-key";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    settings: {
      apiKeys: [
        ...TEST_KEYS,
        { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" },
        { name: "bot", sha256: hashApiKey(BOT_KEY), role: "admin" },
      ],
    },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, opt_outs, country_rules, number_rules, dispatcher_events restart identity`.execute(
    h.db,
  );
  await sql`update protection set default_country_action = 'allow', limits = '{}'`.execute(h.db);
  const counters = await h.redis.keys(`${h.prefix}*protect:*`);
  if (counters.length > 0) await h.redis.del(...counters);
});

const call = (method: string, path: string, body?: unknown, key: string | null = TEST_KEY) =>
  callOverSocket(base, method, path, body, { key });
const send = (to: string, content = "your code is 1234", key = TEST_KEY, priority?: string) =>
  call("POST", "/api/v1/messages", { to, content, ...(priority ? { priority } : {}) }, key);

async function storedCount(): Promise<number> {
  const row = await h.db
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function protectionEvents() {
  const rows = await h.db
    .selectFrom("dispatcherEvents")
    .select(["actor", "details"])
    .where("kind", "=", "protection")
    .orderBy("id")
    .execute();
  return rows;
}

const TR = "+905551111111";
const US = "+14155552671";
const DE = "+4915123456789";

describe("/api/v1/protection", () => {
  it("starts with every country allowed and no caps or quotas", async () => {
    const res = await call("GET", "/api/v1/protection");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      defaultCountryAction: "allow",
      countries: {},
      limits: {
        recipient: { perHour: 0, perDay: 0, sameContentPerHour: 0 },
        laneRecipient: {},
        key: { perDay: 0, internationalPerDay: 0 },
        keys: {},
        homeCountries: [],
      },
    });
  });

  it("sets and removes a country's rule, audited with the actor; bad codes are 400s naming `country`", async () => {
    expect((await call("PUT", "/api/v1/protection/countries/US", { action: "block" })).status).toBe(200);
    expect((await call("GET", "/api/v1/protection")).body).toMatchObject({ countries: { US: "block" } });
    expect((await call("DELETE", "/api/v1/protection/countries/US")).status).toBe(204);
    expect((await call("DELETE", "/api/v1/protection/countries/US")).status).toBe(404);
    expect((await protectionEvents()).map((e) => [e.actor, e.details])).toEqual([
      ["ops", { change: "country", country: "US", from: null, to: "block" }],
      ["ops", { change: "country", country: "US", from: "block", to: null }],
    ]);
    for (const bad of ["XX", "us", "USA", "..%2F..", "%00"]) {
      const res = await call("PUT", `/api/v1/protection/countries/${bad}`, { action: "block" });
      expect(res.status, bad).toBe(400);
      expect(res.body.field, bad).toBe("country");
    }
    const action = await call("PUT", "/api/v1/protection/countries/TR", { action: "deny" });
    expect(action.status).toBe(400);
    expect(action.body.field).toBe("action");
    expect((await call("GET", "/api/v1/protection")).body.countries).toEqual({});
  });

  it("changes caps and quotas with PATCH, checking the lanes, keys and countries it names", async () => {
    const change = {
      defaultCountryAction: "monitor",
      limits: {
        recipient: { perHour: 20, perDay: 100, sameContentPerHour: 5 },
        laneRecipient: { transactional: { perHour: 5, perDay: 10, sameContentPerHour: 0 } },
        keys: { bot: { perDay: 10, internationalPerDay: 1 } },
        homeCountries: ["TR"],
      },
    };
    const res = await call("PATCH", "/api/v1/protection", change);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ...change,
      limits: { ...change.limits, key: { perDay: 0 } },
      updatedBy: "ops",
    });
    const bad = await call("PATCH", "/api/v1/protection", {
      limits: {
        laneRecipient: { marketing: { perHour: 1, perDay: 1, sameContentPerHour: 1 } },
        keys: { nobody: { perDay: 1, internationalPerDay: 1 } },
        homeCountries: ["XX"],
      },
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      "limits.laneRecipient.marketing",
      "limits.keys.nobody",
      "limits.homeCountries",
    ]);
    for (const body of [
      {},
      { limits: { recipient: { perHour: -1, perDay: 0, sameContentPerHour: 0 } } },
      { limits: { recipient: { perHour: 1 } } },
      { limits: { unknown: 1 } },
      { defaultCountryAction: "allow", extra: true },
    ]) {
      expect((await call("PATCH", "/api/v1/protection", body)).status, JSON.stringify(body)).toBe(400);
    }
    // Nothing the refused changes named was stored.
    expect((await call("GET", "/api/v1/protection")).body).toMatchObject(change);
    const audited = await protectionEvents();
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({
      change: "settings",
      to: { defaultCountryAction: "monitor" },
    });
  });

  it("puts, lists and removes number rules; the audit trail masks the number", async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const put = await call("PUT", `/api/v1/protection/numbers/${encodeURIComponent(TR)}`, {
      action: "block",
      until,
      reason: "pumping",
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      number: TR,
      action: "block",
      until,
      reason: "pumping",
      createdBy: "ops",
    });
    expect((await call("PUT", `/api/v1/protection/numbers/${TR}`, { action: "allow" })).status).toBe(200);
    await call("PUT", `/api/v1/protection/numbers/${US}`, { action: "block" });
    const page = await call("GET", "/api/v1/protection/numbers?limit=1");
    expect(page.body).toMatchObject({ items: [{ number: US }], nextCursor: expect.any(String) });
    const next = await call("GET", `/api/v1/protection/numbers?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ number: TR, action: "allow", until: null }] });
    const last = await call("GET", `/api/v1/protection/numbers?limit=1&cursor=${next.body.nextCursor}`);
    expect(last.body).toEqual({ items: [], nextCursor: null });
    const forged = await call("GET", "/api/v1/protection/numbers?cursor=bm90LWEtY3Vyc29y");
    expect(forged.status).toBe(400);
    expect(forged.body.field).toBe("cursor");
    expect((await call("DELETE", `/api/v1/protection/numbers/${TR}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/protection/numbers/${TR}`)).status).toBe(404);
    const details = JSON.stringify((await protectionEvents()).map((e) => e.details));
    expect(details).toContain("+90555***1111");
    expect(details).not.toContain(TR);
    for (const [path, body, field] of [
      ["/api/v1/protection/numbers/12345", { action: "block" }, "number"],
      [`/api/v1/protection/numbers/${TR}`, { action: "block", until: "2020-01-01T00:00:00Z" }, "until"],
      [`/api/v1/protection/numbers/${TR}`, { action: "block", until: "tomorrow" }, "until"],
      [`/api/v1/protection/numbers/${TR}`, { action: "monitor" }, "action"],
      [`/api/v1/protection/numbers/${TR}`, { action: "block", reason: "x".repeat(1_001) }, "reason"],
    ] as const) {
      const res = await call("PUT", path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field).toBe(field);
    }
  });

  it("wants a key: none or a wrong one is 401, a read key may look but not change (403)", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/protection"],
      ["PATCH", "/api/v1/protection"],
      ["PUT", "/api/v1/protection/countries/US"],
      ["DELETE", "/api/v1/protection/countries/US"],
      ["GET", "/api/v1/protection/numbers"],
      ["PUT", `/api/v1/protection/numbers/${TR}`],
      ["DELETE", `/api/v1/protection/numbers/${TR}`],
    ] as const) {
      const body = method === "GET" || method === "DELETE" ? undefined : { action: "block" };
      expect((await call(method, path, body, null)).status, `${method} ${path}`).toBe(401);
      expect((await call(method, path, body, "wrong-key")).status, `${method} ${path}`).toBe(401);
      const read = await call(method, path, body, READ_KEY);
      expect(read.status, `${method} ${path}`).toBe(method === "GET" ? 200 : 403);
    }
    expect((await call("GET", "/api/v1/protection")).body.countries).toEqual({});
  });
});

describe("intake under country and number rules", () => {
  it("refuses a blocked country with 403, its code and rule, storing nothing, audited and counted", async () => {
    await call("PATCH", "/api/v1/protection", { defaultCountryAction: "block" });
    await call("PUT", "/api/v1/protection/countries/TR", { action: "allow" });
    const res = await send(US);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: "country_blocked",
      rule: "every other country: block (the number is of US)",
      field: "to",
    });
    const bulk = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "ok" },
        { to: DE, content: "no" },
      ],
    });
    expect(bulk.status).toBe(403);
    expect(bulk.body.errors).toEqual([{ index: 1, field: "to", message: expect.stringMatching(/of DE/) }]);
    expect(await storedCount()).toBe(0);
    expect((await send(TR)).status).toBe(201);
    const refusals = (await protectionEvents()).filter((e) => e.details.decision === "refused");
    expect(refusals.map((e) => e.details)).toEqual([
      { decision: "refused", code: "country_blocked", rule: expect.any(String), messages: 1 },
      { decision: "refused", code: "country_blocked", rule: expect.any(String), messages: 2 },
    ]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /dispatcher_protection_decisions_total\{decision="refused",code="country_blocked"\} 3/,
    );
  });

  it("sends a monitored country's messages and records that a rule would have blocked them", async () => {
    await call("PUT", "/api/v1/protection/countries/DE", { action: "monitor" });
    expect((await send(DE)).status).toBe(201);
    const monitored = (await protectionEvents()).filter((e) => e.details.decision === "monitored");
    expect(monitored.map((e) => e.details)).toEqual([
      { decision: "monitored", code: "country_monitored", rule: "country DE: monitor", messages: 1 },
    ]);
  });

  it("lets a number's allow rule past its country's block, but never past the suppression list", async () => {
    await call("PUT", "/api/v1/protection/countries/US", { action: "block" });
    await call("PUT", `/api/v1/protection/numbers/${US}`, { action: "allow" });
    expect((await send(US)).status).toBe(201);
    await call("PUT", `/api/v1/opt-outs/${US}`, {});
    expect((await send(US)).status).toBe(409);
    await call("PUT", `/api/v1/protection/numbers/${TR}`, { action: "block" });
    expect((await send(TR)).body).toMatchObject({
      code: "number_blocked",
      rule: "number +90555***1111: block",
    });
    // The refusal names the number masked, never whole.
    expect(JSON.stringify((await send(TR)).body)).not.toContain(TR);
    expect(await storedCount()).toBe(1);
  });
});

describe("intake and rules changed outside this API", () => {
  it("judges each request by the rules committed before it, also when they were changed in Postgres by hand", async () => {
    // Kept since the first request: the control tables are read again only when their version moves.
    expect((await send(US)).status).toBe(201);
    await sql`insert into country_rules (country, action, updated_by) values ('US', 'block', 'psql')`.execute(
      h.db,
    );
    const blocked = await send(US);
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ code: "country_blocked" });
    await sql`delete from country_rules where country = 'US'`.execute(h.db);
    expect((await send(US)).status).toBe(201);
    await sql`update protection set limits = ${JSON.stringify({ recipient: { perHour: 1 } })}::jsonb`.execute(
      h.db,
    );
    const capped = await send(DE);
    expect(capped.status).toBe(201);
    expect((await send(DE, "another code 5678")).body).toMatchObject({ code: "recipient_hourly_cap" });
    expect(await storedCount()).toBe(3);
  });
});

describe("intake under caps and quotas", () => {
  const caps = (limits: object) => call("PATCH", "/api/v1/protection", { limits });

  it("caps a recipient per hour: 429 with Retry-After to the hour's end, nothing stored, other recipients unaffected", async () => {
    await caps({ recipient: { perHour: 2, perDay: 0, sameContentPerHour: 0 } });
    expect((await send(TR, "a")).status).toBe(201);
    expect((await send(TR, "b")).status).toBe(201);
    const third = await send(TR, "c");
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({
      code: "recipient_hourly_cap",
      rule: "recipient caps: at most 2 messages per recipient per hour",
    });
    const retryAfter = Number(third.headers.get("retry-after"));
    const hourEnds = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((hourEnds - Date.now()) / 1_000) + 1);
    // The RateLimit headers describe the cap that refused it, its reset as Retry-After.
    expect(third.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(third.body.type).toBe("tag:message-dispatcher,2026:problem/recipient-hourly-cap");
    expect(third.headers.get("ratelimit-limit")).toBe("2");
    expect(third.headers.get("ratelimit-remaining")).toBe("0");
    expect(third.headers.get("ratelimit-reset")).toBe(String(retryAfter));
    expect((await send(DE, "a")).status).toBe(201);
    expect(await storedCount()).toBe(3);
  });

  it("caps the same content per recipient, and counts a lane with caps of its own apart", async () => {
    await caps({
      recipient: { perHour: 0, perDay: 0, sameContentPerHour: 1 },
      laneRecipient: { transactional: { perHour: 1, perDay: 0, sameContentPerHour: 0 } },
    });
    expect((await send(TR, "same")).status).toBe(201);
    expect((await send(TR, "same")).body.code).toBe("same_content_hourly_cap");
    expect((await send(TR, "other")).status).toBe(201);
    expect((await send(TR, "code 1", TEST_KEY, "transactional")).status).toBe(201);
    const second = await send(TR, "code 2", TEST_KEY, "transactional");
    expect(second.body).toMatchObject({
      code: "recipient_hourly_cap",
      rule: expect.stringMatching(/^lane transactional/),
    });
  });

  it("refuses a bulk that would pass a cap whole, counting none of it", async () => {
    await caps({ recipient: { perHour: 2, perDay: 0, sameContentPerHour: 0 } });
    const bulk = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "1" },
        { to: TR, content: "2" },
        { to: TR, content: "3" },
      ],
    });
    expect(bulk.status).toBe(429);
    expect(await storedCount()).toBe(0);
    // Two more would have fitted: what remains under the cap, not 0.
    expect(bulk.headers.get("ratelimit-limit")).toBe("2");
    expect(bulk.headers.get("ratelimit-remaining")).toBe("2");
    // Nothing of the refused bulk was counted: the recipient still has both.
    expect((await send(TR, "1")).status).toBe(201);
    expect((await send(TR, "2")).status).toBe(201);
  });

  it("gives a number with an allow rule no recipient cap, but its key's quota still applies", async () => {
    await caps({
      recipient: { perHour: 1, perDay: 0, sameContentPerHour: 0 },
      key: { perDay: 3, internationalPerDay: 0 },
    });
    await call("PUT", `/api/v1/protection/numbers/${TR}`, { action: "allow" });
    for (let i = 0; i < 3; i++) expect((await send(TR, `n${i}`)).status).toBe(201);
    expect((await send(TR, "n3")).body.code).toBe("key_daily_quota");
  });

  it("keeps each API key's daily quota, an own one over the default, and an international one", async () => {
    await caps({
      key: { perDay: 2, internationalPerDay: 0 },
      keys: { bot: { perDay: 5, internationalPerDay: 1 } },
      homeCountries: ["TR"],
    });
    expect((await send(TR, "1")).status).toBe(201);
    expect((await send(DE, "2")).status).toBe(201);
    const over = await send(TR, "3");
    expect(over.body).toMatchObject({
      code: "key_daily_quota",
      rule: "API key quota: at most 2 messages per day (UTC)",
    });
    expect((await send(US, "1", BOT_KEY)).status).toBe(201);
    const abroad = await send(DE, "2", BOT_KEY);
    expect(abroad.status).toBe(429);
    expect(abroad.body.code).toBe("key_international_daily_quota");
    expect((await send(TR, "3", BOT_KEY)).status).toBe(201);
    const audited = (await protectionEvents()).filter((e) => e.details.decision === "refused");
    expect(audited.map((e) => [e.actor, e.details.code])).toEqual([
      ["ops", "key_daily_quota"],
      ["bot", "key_international_daily_quota"],
    ]);
  });

  it("counts across API replicas: a second app on the same Redis sees the first one's counts", async () => {
    await caps({ recipient: { perHour: 2, perDay: 0, sameContentPerHour: 0 } });
    const other = await buildApp({
      db: h.db,
      redis: h.redis,
      queues: h.queues,
      cache: createSentCache(h.redis, { prefix: h.prefix, ttlSeconds: 600 }),
      logger: createLogger({ name: "api-test-2", level: "silent", pretty: false }),
      deliveryMetrics: createDeliveryMetrics(),
      settings: h.settings,
    });
    try {
      const otherBase = await other.listen({ port: 0, host: "127.0.0.1" });
      expect((await send(TR, "1")).status).toBe(201);
      const viaOther = (content: string) =>
        callOverSocket(otherBase, "POST", "/api/v1/messages", { to: TR, content }, { key: TEST_KEY });
      expect((await viaOther("2")).status).toBe(201);
      expect((await viaOther("3")).status).toBe(429);
      expect((await send(TR, "4")).status).toBe(429);
    } finally {
      await other.close();
    }
  });
});

describe("intake when Redis cannot count", () => {
  let redis: PrivateRedis | undefined;
  let own: ApiHarness | undefined;
  afterEach(async () => {
    await own?.close();
    await redis?.stop();
    own = undefined;
    redis = undefined;
  });

  it("refuses with 503 protection_unavailable while caps are set (fail closed), and stores as before without any", async () => {
    redis = await startPrivateRedis();
    own = await startApi({ redisUrl: redis.url, redisCommandTimeoutMs: 500 });
    const message = { to: TR, content: "hi" };
    await own.inject({
      method: "PATCH",
      url: "/api/v1/protection",
      payload: { limits: { key: { perDay: 100, internationalPerDay: 0 } } },
    });
    expect((await own.inject({ method: "POST", url: "/api/v1/messages", payload: message })).statusCode).toBe(
      201,
    );
    await redis.kill();
    const refused = await own.inject({ method: "POST", url: "/api/v1/messages", payload: message });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ code: "protection_unavailable" });
    expect(refused.headers["retry-after"]).toBe("5");
    const metrics = await own.app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toMatch(
      /dispatcher_protection_decisions_total\{decision="refused",code="protection_unavailable"\} 1/,
    );
    await own.inject({
      method: "PATCH",
      url: "/api/v1/protection",
      payload: { limits: { key: { perDay: 0, internationalPerDay: 0 } } },
    });
    expect((await own.inject({ method: "POST", url: "/api/v1/messages", payload: message })).statusCode).toBe(
      201,
    );
    const stored = await own.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(2);
  });
});
