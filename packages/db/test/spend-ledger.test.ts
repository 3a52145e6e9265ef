import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  announceSpendThresholds,
  cancelPending,
  changeSpendLimit,
  claimPending,
  expireDue,
  insertMessages,
  listSpendStandings,
  markFailed,
  markSent,
  replaceSpendPrices,
  retryFailed,
  spendLimitPassed,
  startSending,
  summarizeSpend,
} from "../src/index.js";

// The spend trigger (0005-spend): every status change of a priced message moves its amount between
// reserved, spent and nothing, and an insert past a limit stores nothing.

const t = useTestDatabase({
  truncate: ["messages", "dispatcher_events", "spend_ledger", "spend_limits", "spend_prices"],
  seed: (db) =>
    db
      .insertInto("providers")
      .values([
        { name: "primary", kind: "mock" },
        { name: "backup", kind: "mock" },
      ])
      .execute(),
});

const add = (n: number, estimate = "0.05", apiKey = "shop") =>
  insertMessages(
    t.db,
    Array.from({ length: n }, (_, i) => ({
      recipient: "+905551111111",
      content: `m${i}`,
      segments: 2,
      country: "TR",
      apiKey,
      estimatedCost: estimate,
    })),
  );

async function ledger(scope: string, period: "day" | "month" = "day") {
  const row = await t.db
    .selectFrom("spendLedger")
    .select(["spent", "reserved"])
    .where("scope", "=", scope)
    .where("period", "=", period)
    .executeTakeFirst();
  return { spent: Number(row?.spent ?? 0), reserved: Number(row?.reserved ?? 0) };
}

async function send(ids: number[]) {
  expect(await claimPending(t.db, 100, "bulk")).toEqual(ids);
  return startSending(t.db, ids, { names: ["primary"], weights: [1] });
}

describe("the spend ledger", () => {
  it("reserves at insert for the total and the key, by day and month; unpriced messages count nowhere", async () => {
    await add(3);
    await insertMessages(t.db, [{ recipient: "+905551111111", content: "free", apiKey: "shop" }]);
    for (const period of ["day", "month"] as const) {
      expect(await ledger("*", period)).toEqual({ spent: 0, reserved: 0.15 });
      expect(await ledger("shop", period)).toEqual({ spent: 0, reserved: 0.15 });
    }
  });

  it("settles at send with segments × the accepting provider's price (its country's, else `*`)", async () => {
    await replaceSpendPrices(t.db, {
      prices: [
        { provider: "primary", country: "*", price: "0.03" },
        { provider: "primary", country: "TR", price: "0.02" },
      ],
      actor: "ops",
    });
    const ids = (await add(2)).map((m) => m.id);
    await send(ids);
    await markSent(t.db, [{ id: ids[0]!, providerMessageId: "p1", sentAt: new Date() }]);
    expect(await ledger("*")).toEqual({ spent: 0.04, reserved: 0.05 });
    const row = await t.db
      .selectFrom("messages")
      .select("cost")
      .where("id", "=", ids[0]!)
      .executeTakeFirstOrThrow();
    expect(row.cost).toBe("0.040000");
  });

  it("a sent message of a provider with no price costs its estimate", async () => {
    const ids = (await add(1)).map((m) => m.id);
    await send(ids);
    await markSent(t.db, [{ id: ids[0]!, providerMessageId: "p1", sentAt: new Date(), provider: "backup" }]);
    expect(await ledger("shop")).toEqual({ spent: 0.05, reserved: 0 });
  });

  it("failure, cancel and expiry release; a retry reserves again", async () => {
    const [a, b, c] = (await add(3)).map((m) => m.id);
    expect(await cancelPending(t.db, a!, "ops")).toBeDefined();
    await sql`update messages set expires_at = now() - interval '1 second' where id = ${c}`.execute(t.db);
    expect(await expireDue(t.db, 10)).toEqual([c]);
    expect(await ledger("*")).toEqual({ spent: 0, reserved: 0.05 });
    await send([b!]);
    await markFailed(t.db, [{ id: b!, error: "refused" }]);
    expect(await ledger("*")).toEqual({ spent: 0, reserved: 0 });
    expect(await retryFailed(t.db, b!, "ops")).toBeDefined();
    expect(await ledger("*")).toEqual({ spent: 0, reserved: 0.05 });
  });

  it("refuses an insert past a limit, whole (SQLSTATE SPD01 naming the scope), and a retry past it", async () => {
    await changeSpendLimit(t.db, { scope: "shop", perDay: "0.12", actor: "ops" });
    await add(2);
    const error = await add(2).catch((e: unknown) => e);
    expect(spendLimitPassed(error)).toEqual({ scope: "shop", period: "day" });
    expect(await ledger("shop")).toEqual({ spent: 0, reserved: 0.1 });
    await changeSpendLimit(t.db, { scope: "*", perMonth: "0.1", actor: "ops" });
    expect(spendLimitPassed(await add(1, "0.01", "other").catch((e: unknown) => e))).toEqual({
      scope: "*",
      period: "month",
    });
    expect(await listSpendStandings(t.db)).toEqual([
      { scope: "*", period: "month", limit: "0.1", spent: "0", reserved: "0.1", reached: false },
      { scope: "shop", period: "day", limit: "0.12", spent: "0", reserved: "0.1", reached: false },
    ]);
  });

  it("never lets concurrent inserts pass a limit", async () => {
    await changeSpendLimit(t.db, { scope: "*", perDay: "1", actor: "ops" });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => add(1, "0.07")));
    const stored = outcomes.filter((o) => o.status === "fulfilled").length;
    expect(stored).toBe(14);
    expect(await ledger("*")).toEqual({ spent: 0, reserved: 0.98 });
  });

  it("announces 80 % and 100 % once per period", async () => {
    await changeSpendLimit(t.db, { scope: "shop", perDay: "0.18", actor: "ops" });
    await add(3);
    expect((await announceSpendThresholds(t.db, { scopes: ["shop"] })).map((x) => x.threshold)).toEqual([80]);
    expect(await announceSpendThresholds(t.db, { scopes: ["shop"] })).toEqual([]);
    const reached = await announceSpendThresholds(t.db, {
      scopes: ["shop"],
      reached: { scope: "shop", period: "day" },
    });
    expect(reached.map((x) => x.threshold)).toEqual([100]);
  });

  it("sums a period by key, country and provider", async () => {
    const ids = (await add(2)).map((m) => m.id);
    await send(ids);
    await add(1, "0.5", "other");
    await markSent(t.db, [{ id: ids[0]!, providerMessageId: "p1", sentAt: new Date() }]);
    const day = new Date(Date.now() - 3_600_000);
    const summary = await summarizeSpend(t.db, { from: day, to: new Date(Date.now() + 3_600_000) });
    expect(summary).toEqual({
      total: { spent: "0.05", reserved: "0.55" },
      byApiKey: { shop: { spent: "0.05", reserved: "0.05" }, other: { spent: "0", reserved: "0.5" } },
      byCountry: { TR: { spent: "0.05", reserved: "0.55" } },
      byProvider: { primary: { spent: "0.05", reserved: "0.05" }, none: { spent: "0", reserved: "0.5" } },
    });
  });
});
