import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordResult } from "../src/report.js";
import { countMessages, useFaultStack } from "../src/use-fault-stack.js";

// An SMS-pumping bot against two real API replicas and a worker: OTP requests for 1,000 numbers of
// a premium-rate range (GB 909 879 0000-0999), 50 requests a second, spread over four API keys of
// its own. Caps and quotas are counted in Redis, so the bound holds across replicas: each key
// may store at most its international daily quota, whatever the rate. Then the operator blocks
// the country, and the worker refuses what was stored without a provider call.

const startStack = useFaultStack();

const OPS_KEY = "faults-pumping-ops-key";
const BOT_KEYS = ["bot-a", "bot-b", "bot-c", "bot-d"].map((name) => ({ name, key: `${name}-faults-key` }));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const INTERNATIONAL_PER_DAY = 25;
const REQUESTS = 1_000;
const PER_SECOND = 50;

describe("SMS pumping", () => {
  it("a bot asking OTPs for 1,000 premium-rate numbers at 50/s from 4 keys gets at most 4 × the international quota", async () => {
    const stack = await startStack({
      workers: 1,
      apis: 2,
      apiKey: OPS_KEY,
      apiEnv: {
        AUTO_START: "false",
        API_KEYS: [`ops:${sha256(OPS_KEY)}`, ...BOT_KEYS.map((b) => `${b.name}:${sha256(b.key)}`)].join(","),
      },
    });
    const configured = await stack.api("PATCH", "/api/v1/protection", {
      limits: {
        recipient: { perHour: 3, perDay: 10, sameContentPerHour: 2 },
        key: { perDay: 10_000, internationalPerDay: INTERNATIONAL_PER_DAY },
        homeCountries: ["TR"],
      },
    });
    expect(configured.status).toBe(200);

    const answers: { key: string; status: number; code?: string; at: number }[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        // One request every 20 ms, round-robin over the keys and the two replicas.
        await new Promise((resolve) => setTimeout(resolve, (i * 1_000) / PER_SECOND));
        const bot = BOT_KEYS[i % BOT_KEYS.length]!;
        const url = stack.apiUrls[i % stack.apiUrls.length]!;
        const res = await fetch(`${url}/api/v1/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${bot.key}` },
          body: JSON.stringify({
            to: `+44909879${String(i).padStart(4, "0")}`,
            content: `Your code is ${String(100_000 + i).slice(1)}`,
          }),
        });
        const body = (await res.json()) as { code?: string };
        answers.push({ key: bot.name, status: res.status, code: body.code, at: Date.now() - started });
      }),
    );
    const seconds = (Date.now() - started) / 1_000;
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    // The bound: each key stores at most its international quota a day, across both replicas.
    expect(accepted).toHaveLength(BOT_KEYS.length * INTERNATIONAL_PER_DAY);
    for (const bot of BOT_KEYS) {
      expect(accepted.filter((a) => a.key === bot.name)).toHaveLength(INTERNATIONAL_PER_DAY);
    }
    expect(new Set(refused.map((a) => `${a.status} ${a.code}`))).toEqual(
      new Set(["429 key_international_daily_quota"]),
    );
    expect(await countMessages(stack, "pending")).toBe(accepted.length);
    const lastAcceptedAt = Math.max(...accepted.map((a) => a.at));

    // The operator blocks the country: intake refuses at once, and the worker refuses what was
    // stored (within PROVIDER_ROUTING_REFRESH_MS), with no provider call.
    expect((await stack.api("PUT", "/api/v1/protection/countries/GB", { action: "block" })).status).toBe(200);
    const after = await fetch(`${stack.apiUrls[1]}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${BOT_KEYS[0]!.key}` },
      body: JSON.stringify({ to: "+449098791000", content: "Your code is 0000" }),
    });
    expect(after.status).toBe(403);
    expect(((await after.json()) as { code: string }).code).toBe("country_blocked");
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect((await stack.api("POST", "/api/v1/dispatcher/start")).status).toBe(200);
    await stack.drained(60_000);
    expect(await countMessages(stack, "failed")).toBe(accepted.length);
    expect((await stack.received()).counters.requests).toBe(0);

    const refusedMetric = await Promise.all(
      stack.apiUrls.map(async (url) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const line =
          /dispatcher_protection_decisions_total\{decision="refused",code="key_international_daily_quota"\} (\d+)/.exec(
            text,
          );
        return Number(line?.[1] ?? 0);
      }),
    );
    expect(refusedMetric.reduce((a, b) => a + b, 0)).toBe(refused.length);
    recordResult({
      scenario: "28. SMS pumping: 1,000 premium-rate OTP requests at 50/s from 4 keys over 2 APIs",
      messages: accepted.length,
      sent: 0,
      failed: accepted.length,
      duplicates: 0,
      lost: 0,
      unconfirmed: 0,
      stuck: 0,
      repeatRequests: 0,
      drainMs: Math.round(seconds * 1_000),
      problems: [],
      passed: true,
      figure: `${accepted.length} of ${REQUESTS} stored (4 keys × ${INTERNATIONAL_PER_DAY}), the last at ${(lastAcceptedAt / 1_000).toFixed(1)} s; ${refused.length} refused 429; 0 sent once GB was blocked`,
    });
  });
});
