import { createHash } from "node:crypto";
import { fromMicros, toMicros } from "@dispatcher/core";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordResult } from "../src/report.js";
import { countMessages, useFaultStack } from "../src/use-fault-stack.js";

// Spend limits under four real API replicas: six clients send priced messages concurrently, over
// every replica, until well past the total daily limit. Reservations are made by the insert under
// the ledger rows' locks in Postgres, so the stored estimates never pass the limit whatever the
// replica; everything past it is refused 429 spend_daily_limit. Then the worker sends what was
// stored and the spent total stays within the limit.

const startStack = useFaultStack();

const OPS_KEY = "faults-spend-ops-key";
const CLIENTS = ["shop-a", "shop-b", "shop-c", "shop-d", "shop-e", "shop-f"].map((name) => ({
  name,
  key: `${name}-faults-key`,
}));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const PRICE = "0.07";
const LIMIT = "5";
const REQUESTS_PER_CLIENT = 40;

describe("spend limits", () => {
  it("6 clients over 4 APIs, well past a total daily limit: stored estimates and then spend stay within it", async () => {
    const stack = await startStack({
      workers: 1,
      apis: 4,
      apiKey: OPS_KEY,
      apiEnv: {
        AUTO_START: "false",
        API_KEYS: [`ops:${sha256(OPS_KEY)}`, ...CLIENTS.map((c) => `${c.name}:${sha256(c.key)}`)].join(","),
      },
    });
    const prices = await stack.api("PUT", "/api/v1/spend/prices", {
      prices: [{ provider: "primary", country: "*", price: PRICE }],
    });
    expect(prices.status).toBe(200);
    expect((await stack.api("PATCH", "/api/v1/spend/limits", { perDay: LIMIT })).status).toBe(200);

    // Every client in parallel, each request to the next replica: singles of one segment, every
    // fifth a single of two (UCS-2, 71 characters) and every seventh a bulk of three.
    const answers: { status: number; code?: string; messages: number; micros: bigint }[] = [];
    const started = Date.now();
    await Promise.all(
      CLIENTS.map(async (client, c) => {
        for (let r = 0; r < REQUESTS_PER_CLIENT; r++) {
          const n = c * REQUESTS_PER_CLIENT + r;
          const to = (k: number) => `+90555${String(n * 3 + k).padStart(7, "0")}`;
          const url = stack.apiUrls[n % stack.apiUrls.length]!;
          const bulk = r % 7 === 6;
          const long = r % 5 === 4;
          const body = bulk
            ? { messages: [0, 1, 2].map((k) => ({ to: to(k), content: `code ${n}-${k}` })) }
            : { to: to(0), content: long ? "ж".repeat(71) : `code ${n}` };
          const res = await fetch(`${url}/api/v1/messages${bulk ? "/bulk" : ""}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${client.key}` },
            body: JSON.stringify(body),
          });
          const answer = (await res.json()) as { code?: string };
          const segments = bulk ? 3 : long ? 2 : 1;
          answers.push({
            status: res.status,
            code: answer.code,
            messages: bulk ? 3 : 1,
            micros: toMicros(PRICE) * BigInt(segments),
          });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1_000;
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    const asked = answers.reduce((sum, a) => sum + a.micros, 0n);
    expect(asked).toBeGreaterThan(3n * toMicros(LIMIT));
    expect(new Set(refused.map((a) => `${a.status} ${a.code}`))).toEqual(new Set(["429 spend_daily_limit"]));

    // The bound: what was stored reserves at most the limit, and the ledger says the same.
    const stored = await sql<{ n: number; estimated: string }>`
      select count(*)::int as n, coalesce(sum(estimated_cost), 0)::text as estimated from messages`.execute(
      stack.db,
    );
    const estimated = toMicros(stored.rows[0]!.estimated);
    expect(estimated).toBeLessThanOrEqual(toMicros(LIMIT));
    expect(estimated).toBe(accepted.reduce((sum, a) => sum + a.micros, 0n));
    expect(stored.rows[0]!.n).toBe(accepted.reduce((sum, a) => sum + a.messages, 0));
    // And no request that fitted was refused: a one-segment single was refused, so less than its
    // price was left (nothing is released while the dispatcher is stopped).
    expect(refused.some((a) => a.micros === toMicros(PRICE))).toBe(true);
    expect(toMicros(LIMIT) - estimated).toBeLessThan(toMicros(PRICE));
    const storedCount = stored.rows[0]!.n;

    // Sending settles every reservation at the accepting provider's price.
    expect((await stack.api("POST", "/api/v1/dispatcher/start")).status).toBe(200);
    await stack.drained(120_000);
    expect(await countMessages(stack, "sent")).toBe(storedCount);
    expect((await stack.received()).counters.accepted).toBe(storedCount);
    const spend = await stack.api("GET", "/api/v1/spend");
    const total = (spend.body as { total: { spent: string; reserved: string } }).total;
    expect(total.reserved).toBe("0");
    expect(toMicros(total.spent)).toBe(estimated);
    expect(toMicros(total.spent)).toBeLessThanOrEqual(toMicros(LIMIT));

    const refusedMetric = await Promise.all(
      stack.apiUrls.map(async (url) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const line = /dispatcher_spend_refused_messages_total\{code="spend_daily_limit"\} (\d+)/.exec(text);
        return Number(line?.[1] ?? 0);
      }),
    );
    expect(refusedMetric.reduce((a, b) => a + b, 0)).toBe(refused.reduce((sum, a) => sum + a.messages, 0));
    recordResult({
      scenario: "29. Spend limits under 4 APIs",
      messages: storedCount,
      sent: storedCount,
      failed: 0,
      duplicates: 0,
      lost: 0,
      unconfirmed: 0,
      stuck: 0,
      repeatRequests: 0,
      drainMs: Math.round(seconds * 1_000),
      problems: [],
      passed: true,
      figure: `${accepted.length} of ${answers.length} requests stored (${fromMicros(estimated)} of a ${LIMIT} limit; ${fromMicros(asked)} asked), ${refused.length} refused 429 spend_daily_limit; spent ${total.spent} once sent`,
    });
  });
});
