import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// Spend over a real socket: the control plane (/api/v1/spend…), intake estimating and reserving
// against limits (refusing with nothing stored), and the spend summary.

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
  await h.db
    .insertInto("providers")
    .values([
      { name: "primary", kind: "mock", weight: 3 },
      { name: "backup", kind: "mock", weight: 1, countries: ["TR"] },
      { name: "idle", kind: "mock", weight: 0 },
    ])
    .execute();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, dispatcher_events, spend_prices, spend_limits, spend_ledger restart identity`.execute(
    h.db,
  );
});

const call = (method: string, path: string, body?: unknown, key: string | null = TEST_KEY) =>
  callOverSocket(base, method, path, body, { key });
const send = (to: string, key = TEST_KEY, content = "your code is 1234") =>
  call("POST", "/api/v1/messages", { to, content }, key);

const TR = "+905551111111";
const US = "+14155552671";
const PRICES = [
  { provider: "primary", country: "*", price: "0.05" },
  { provider: "primary", country: "TR", price: "0.02" },
  { provider: "backup", country: "TR", price: "0.03" },
];

async function stored() {
  return h.db.selectFrom("messages").select(["apiKey", "country", "estimatedCost"]).orderBy("id").execute();
}

async function spendEvents() {
  const rows = await h.db
    .selectFrom("dispatcherEvents")
    .select(["actor", "details"])
    .where("kind", "=", "spend")
    .orderBy("id")
    .execute();
  return rows.map((r) => [r.actor, r.details]);
}

describe("/api/v1/spend control plane", () => {
  it("refuses a missing key and a wrong key (401), and writes with a read key (403)", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/spend"],
      ["GET", "/api/v1/spend/prices"],
      ["GET", "/api/v1/spend/limits"],
    ]) {
      expect((await call(method!, path!, undefined, null)).status).toBe(401);
      expect((await call(method!, path!, undefined, "wrong-key")).status).toBe(401);
      expect((await call(method!, path!, undefined, READ_KEY)).status).toBe(200);
    }
    expect((await call("PUT", "/api/v1/spend/prices", { prices: PRICES }, READ_KEY)).status).toBe(403);
    expect((await call("PATCH", "/api/v1/spend/limits", { perDay: "1" }, READ_KEY)).status).toBe(403);
    expect((await call("PUT", "/api/v1/spend/prices", { prices: PRICES }, null)).status).toBe(401);
    expect(await spendEvents()).toEqual([]);
  });

  it("replaces the price table whole, audited; unknown providers, bad codes and bad prices are field-named 400s", async () => {
    const put = await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    expect(put.status).toBe(200);
    expect(put.body.prices).toEqual([PRICES[2], PRICES[0], PRICES[1]]);
    const again = await call("PUT", "/api/v1/spend/prices", { prices: [PRICES[0]] });
    expect(again.body.prices).toEqual([PRICES[0]]);
    expect((await spendEvents()).map(([actor, d]) => [actor, (d as { change: string }).change])).toEqual([
      ["ops", "prices"],
      ["ops", "prices"],
    ]);
    const cases: [unknown, string][] = [
      [{ prices: [{ provider: "nobody", country: "TR", price: "1" }] }, "prices[0].provider"],
      [{ prices: [{ provider: "primary", country: "XX", price: "1" }] }, "prices[0].country"],
      [{ prices: [{ provider: "primary", country: "tr", price: "1" }] }, "prices.0.country"],
      [{ prices: [{ provider: "primary", country: "TR", price: "-1" }] }, "prices.0.price"],
      [{ prices: [{ provider: "primary", country: "TR", price: 0.1 }] }, "prices.0.price"],
      [{ prices: [{ provider: "primary", country: "TR", price: "1e3" }] }, "prices.0.price"],
      [{ prices: [PRICES[0], PRICES[0]] }, "prices[1]"],
      [{ prices: [{ ...PRICES[0], extra: 1 }] }, "prices.0.extra"],
      [{}, "prices"],
    ];
    for (const [body, field] of cases) {
      const res = await call("PUT", "/api/v1/spend/prices", body);
      expect(res.status, field).toBe(400);
      expect(res.body.field, field).toBe(field);
    }
    expect((await call("GET", "/api/v1/spend/prices")).body.prices).toEqual([PRICES[0]]);
  });

  it("changes the total's and a key's limits with PATCH, audited; null removes one; unknown keys are 400s", async () => {
    expect((await call("PATCH", "/api/v1/spend/limits", { perDay: "10", perMonth: "200.5" })).status).toBe(
      200,
    );
    const res = await call("PATCH", "/api/v1/spend/limits", { apiKey: "bot", perDay: "1.25" });
    expect(res.body).toEqual({
      total: { perDay: "10", perMonth: "200.5" },
      keys: { bot: { perDay: "1.25", perMonth: null } },
    });
    await call("PATCH", "/api/v1/spend/limits", { perDay: null });
    expect((await call("GET", "/api/v1/spend/limits")).body.total).toEqual({
      perDay: null,
      perMonth: "200.5",
    });
    expect((await spendEvents()).map(([, d]) => d)).toEqual([
      {
        change: "limits",
        scope: "*",
        from: { perDay: null, perMonth: null },
        to: { perDay: "10", perMonth: "200.5" },
      },
      {
        change: "limits",
        scope: "bot",
        from: { perDay: null, perMonth: null },
        to: { perDay: "1.25", perMonth: null },
      },
      {
        change: "limits",
        scope: "*",
        from: { perDay: "10", perMonth: "200.5" },
        to: { perDay: null, perMonth: "200.5" },
      },
    ]);
    for (const [body, field] of [
      [{ apiKey: "nobody", perDay: "1" }, "apiKey"],
      [{ perDay: "1.0000001" }, "perDay"],
      [{ perMonth: "ten" }, "perMonth"],
      [{ perDay: -1 }, "perDay"],
      [{ scope: "*" }, "scope"],
    ] as const) {
      const bad = await call("PATCH", "/api/v1/spend/limits", body);
      expect(bad.status, field).toBe(400);
      expect(bad.body.field, field).toBe(field);
    }
  });
});

describe("intake under spend limits", () => {
  it("without prices or limits stores as before: who stored it and its country, no estimate", async () => {
    expect((await send(TR)).status).toBe(201);
    expect(await stored()).toEqual([{ apiKey: "ops", country: "TR", estimatedCost: null }]);
  });

  it("estimates segments × the highest price of the providers that may take it (weight above 0)", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    const first = await send(TR);
    expect(first.status).toBe(201);
    expect((await send(US, TEST_KEY, "ж".repeat(71))).status).toBe(201);
    expect(await stored()).toEqual([
      { apiKey: "ops", country: "TR", estimatedCost: "0.030000" },
      { apiKey: "ops", country: "US", estimatedCost: "0.100000" },
    ]);
    // The answer and the message's own page show the estimate; the cost waits for the send.
    expect(first.body).toMatchObject({ estimatedCost: "0.030000", cost: null });
    const shown = await call("GET", `/api/v1/messages/${first.body.id}`);
    expect(shown.body).toMatchObject({ estimatedCost: "0.030000", cost: null });
  });

  it("refuses a message past the total's daily limit with 429 spend_daily_limit, storing nothing, audited and counted", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    await call("PATCH", "/api/v1/spend/limits", { perDay: "0.1" });
    expect((await send(US)).status).toBe(201);
    expect((await send(TR)).status).toBe(201);
    const bulk = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "a" },
        { to: US, content: "b" },
      ],
    });
    expect(bulk.status).toBe(429);
    expect(bulk.body).toMatchObject({
      code: "spend_daily_limit",
      rule: "total spend limit: at most 0.1 spent and reserved per UTC day",
    });
    expect(Number(bulk.headers.get("retry-after"))).toBeGreaterThan(0);
    // A spend limit is an amount of money, not a count: the RateLimit headers stay the API key's.
    expect(bulk.body.type).toBe("tag:message-dispatcher,2026:problem/spend-daily-limit");
    expect(bulk.headers.get("ratelimit-limit")).toBe("10000");
    expect(await stored()).toHaveLength(2);
    expect((await send(TR)).body.code).toBe("spend_daily_limit");
    expect(await stored()).toHaveLength(2);
    const events = (await spendEvents()).map(([, d]) => d as Record<string, unknown>);
    expect(events.filter((d) => d.decision === "refused")).toEqual([
      { decision: "refused", code: "spend_daily_limit", rule: expect.any(String), messages: 2 },
      { decision: "refused", code: "spend_daily_limit", rule: expect.any(String), messages: 1 },
    ]);
    expect(events.filter((d) => d.change === "threshold").map((d) => d.threshold)).toEqual([80, 100]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/dispatcher_spend_refused_messages_total\{code="spend_daily_limit"\} 3/);
    // 0.08 of 0.1 stored, and a message refused for it: at the limit.
    expect(metrics).toMatch(/dispatcher_spend_limit_ratio\{scope="total",period="day"\} 1\n/);
  });

  it("holds an API key to its own monthly limit, not the others", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    await call("PATCH", "/api/v1/spend/limits", { apiKey: "bot", perMonth: "0.05" });
    expect((await send(US, BOT_KEY)).status).toBe(201);
    const refused = await send(US, BOT_KEY);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: "spend_monthly_limit",
      rule: expect.stringContaining("API key bot"),
    });
    expect((await send(US)).status).toBe(201);
  });

  it("refuses a message with no price while a limit applies (403 spend_unpriced), and stores it unpriced otherwise", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: [PRICES[1]!] });
    expect((await send(US)).status).toBe(201);
    await call("PATCH", "/api/v1/spend/limits", { perMonth: "100" });
    const refused = await send(US);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("spend_unpriced");
    expect(await stored()).toEqual([{ apiKey: "ops", country: "US", estimatedCost: null }]);
  });

  it("refuses a retry that would pass a limit (429), leaving the message failed", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    await call("PATCH", "/api/v1/spend/limits", { perDay: "0.05" });
    const id = (await send(US)).body.id as number;
    await sql`update messages set status = 'failed' where id = ${id}`.execute(h.db);
    await send(US);
    const retry = await call("POST", `/api/v1/messages/${id}/retry`);
    expect(retry.status).toBe(429);
    expect(retry.body.code).toBe("spend_daily_limit");
    expect((await call("GET", `/api/v1/messages/${id}`)).body.status).toBe("failed");
  });
});

describe("GET /api/v1/spend", () => {
  it("shows reservations and limits by key, country and provider for today by default; bad dates are 400s", async () => {
    await call("PUT", "/api/v1/spend/prices", { prices: PRICES });
    await call("PATCH", "/api/v1/spend/limits", { perDay: "5" });
    await send(US);
    await send(TR, BOT_KEY);
    const res = await call("GET", "/api/v1/spend");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: { spent: "0", reserved: "0.08" },
      byApiKey: { ops: { spent: "0", reserved: "0.05" }, bot: { spent: "0", reserved: "0.03" } },
      byCountry: { US: { reserved: "0.05" }, TR: { reserved: "0.03" } },
      byProvider: { none: { spent: "0", reserved: "0.08" } },
      limits: [{ apiKey: null, period: "day", limit: "5", spent: "0", reserved: "0.08", reached: false }],
    });
    const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    expect(res.body.from).toBe(day.toISOString());
    const past = await call("GET", "/api/v1/spend?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z");
    expect(past.body.total).toEqual({ spent: "0", reserved: "0" });
    for (const [query, field] of [
      ["from=yesterday", "from"],
      ["to=2020-13-01T00:00:00Z", "to"],
      ["from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z", "to"],
      ["period=day", "period"],
    ]) {
      const bad = await call("GET", `/api/v1/spend?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.field, query).toBe(field);
    }
  });
});
