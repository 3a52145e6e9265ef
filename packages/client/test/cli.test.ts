import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "@dispatcher/testing";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { createDispatcherClient } from "../src/index.js";
import { useApiUnderTest } from "./api-under-test.js";

// The typed client and the CLI against a running API process (its own database and queues).

const KEY = "cli-test-key-0123456789";
const running = useApiUnderTest({
  label: "client",
  key: KEY,
  env: {
    // The API stores the providers PROVIDERS names (here one webhook) at start.
    PROVIDERS: JSON.stringify([
      { name: "sms-a", kind: "webhook", url: "http://127.0.0.1:9/messages", authKey: { env: "SMS_A_KEY" } },
    ]),
    SMS_A_KEY: "not-a-real-key",
  },
});

const env = () => ({ DISPATCHER_URL: running.api.baseUrl, DISPATCHER_API_KEY: KEY });
const cli = (...argv: string[]) => runCli(argv, env());
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("the typed client", () => {
  it("calls routes with typed paths and answers data or the API's error", async () => {
    const client = createDispatcherClient({ baseUrl: running.api.baseUrl, apiKey: KEY });
    const { data } = await client.GET("/api/v1/dispatcher");
    expect(data?.state).toBe("stopped");
    const missing = await client.GET("/api/v1/messages/{id}", { params: { path: { id: "987654" } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.message).toBe("message 987654 not found");
  });
});

describe("the dispatcher CLI", () => {
  it("providers lists them; provider shows one and changes its routing", async () => {
    const listed = json((await cli("providers")).stdout) as { items: { name: string }[] };
    expect(listed.items.map((p) => p.name)).toEqual(["sms-a"]);
    expect(json((await cli("provider", "sms-a")).stdout)).toMatchObject({ name: "sms-a", weight: 1 });
    const changed = await cli(
      "provider",
      "sms-a",
      "--weight",
      "3",
      "--max-per-second",
      "2.5",
      "--countries",
      "tr, de",
    );
    expect(changed.code).toBe(0);
    expect(json(changed.stdout)).toMatchObject({
      weight: 3,
      maxPerSecond: 2.5,
      countries: ["TR", "DE"],
      updatedBy: "ops",
    });
    expect(json((await cli("provider", "sms-a", "--countries", "")).stdout)).toMatchObject({ countries: [] });
    expect(await cli("provider", "sms-a", "--max-per-second", "fast")).toMatchObject({ code: 2 });
    expect(await cli("provider")).toMatchObject({ code: 2 });
    const missing = await cli("provider", "nobody");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("404: no provider named nobody");
  });

  it("protection shows and changes the pumping guard's rules, caps and quotas", async () => {
    expect(json((await cli("protection")).stdout)).toMatchObject({
      defaultCountryAction: "allow",
      countries: {},
    });
    expect((await cli("protection", "country", "us", "block")).code).toBe(0);
    expect((await cli("protection", "country", "*", "monitor")).code).toBe(0);
    expect((await cli("protection", "number", "+14155552671", "allow", "--reason", "a tester")).code).toBe(0);
    expect((await cli("protection", "caps", "--per-hour", "20", "--same-content-per-hour", "3")).code).toBe(
      0,
    );
    expect((await cli("protection", "caps", "--lane", "transactional", "--per-hour", "5")).code).toBe(0);
    expect(
      (await cli("protection", "quota", "--per-day", "1000", "--international-per-day", "10")).code,
    ).toBe(0);
    expect((await cli("protection", "quota", "--api-key", "ops", "--per-day", "50")).code).toBe(0);
    expect((await cli("protection", "home-countries", "tr,de")).code).toBe(0);
    expect(json((await cli("protection")).stdout)).toMatchObject({
      defaultCountryAction: "monitor",
      countries: { US: "block" },
      limits: {
        recipient: { perHour: 20, perDay: 0, sameContentPerHour: 3 },
        laneRecipient: { transactional: { perHour: 5, perDay: 0, sameContentPerHour: 3 } },
        key: { perDay: 1_000, internationalPerDay: 10 },
        keys: { ops: { perDay: 50, internationalPerDay: 10 } },
        homeCountries: ["TR", "DE"],
      },
    });
    expect(json((await cli("protection", "numbers")).stdout)).toMatchObject({
      items: [{ number: "+14155552671", action: "allow", reason: "a tester" }],
    });
    expect((await cli("protection", "number", "+14155552671", "remove")).code).toBe(0);
    expect((await cli("protection", "country", "US", "remove")).code).toBe(0);
    expect(await cli("protection", "country", "US", "deny")).toMatchObject({ code: 2 });
    expect(await cli("protection", "number", "+14155552671")).toMatchObject({ code: 2 });
    expect(await cli("protection", "sideways")).toMatchObject({ code: 2 });
    const refused = await cli("protection", "quota", "--api-key", "nobody", "--per-day", "1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("limits.keys.nobody names no API key");
    // Back to the defaults for the tests after this one.
    await cli("protection", "country", "*", "allow");
    await cli("protection", "caps", "--per-hour", "0", "--same-content-per-hour", "0");
    await cli("protection", "quota", "--per-day", "0", "--international-per-day", "0");
    await cli("protection", "quota", "--api-key", "ops", "--per-day", "0", "--international-per-day", "0");
  });

  it("spend loads prices from a file, sets limits and shows spend", async () => {
    const dir = await mkdtemp(join(tmpdir(), "spend-cli-"));
    const file = join(dir, "prices.json");
    await writeFile(file, JSON.stringify({ prices: [{ provider: "sms-a", country: "*", price: "0.05" }] }));
    const loaded = await cli("spend", "prices", "load", file);
    expect(loaded.code).toBe(0);
    expect(json((await cli("spend", "prices")).stdout)).toEqual({
      prices: [{ provider: "sms-a", country: "*", price: "0.05" }],
    });
    expect((await cli("spend", "limits", "--per-day", "10", "--per-month", "100")).code).toBe(0);
    expect((await cli("spend", "limits", "--api-key", "ops", "--per-day", "2.5")).code).toBe(0);
    expect(json((await cli("spend", "limits")).stdout)).toEqual({
      total: { perDay: "10", perMonth: "100" },
      keys: { ops: { perDay: "2.5", perMonth: null } },
    });
    expect(json((await cli("spend")).stdout)).toMatchObject({ total: { spent: "0", reserved: "0" } });
    expect(await cli("spend", "limits", "--per-day", "ten")).toMatchObject({ code: 2 });
    expect(await cli("spend", "prices", "load", join(dir, "missing.json"))).toMatchObject({ code: 2 });
    await writeFile(file, JSON.stringify([{ provider: "nobody", country: "*", price: "1" }]));
    const refused = await cli("spend", "prices", "load", file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("prices[0].provider names no provider");
    // Back to no limits and no prices for the tests after this one.
    await cli("spend", "limits", "--per-day", "none", "--per-month", "none");
    await cli("spend", "limits", "--api-key", "ops", "--per-day", "none");
    await writeFile(file, "[]");
    expect((await cli("spend", "prices", "load", file)).code).toBe(0);
  });

  it("status, start, pace, stop and events drive the dispatcher", async () => {
    expect(json((await cli("status")).stdout)).toMatchObject({ state: "stopped" });
    expect(json((await cli("start")).stdout)).toMatchObject({ state: "running" });
    const paced = await cli("pace", "--interval-ms", "5000", "--batch-size", "10");
    expect(paced.code).toBe(0);
    expect(json(paced.stdout)).toMatchObject({ intervalMs: 5000, batchSize: 10 });
    const lane = await cli("pace", "--lane", "transactional", "--batch-size", "20");
    expect(lane.code).toBe(0);
    expect(json(lane.stdout).lanes).toContainEqual({
      name: "transactional",
      intervalMs: 1_000,
      batchSize: 20,
      ahead: true,
      arrival: true,
    });
    expect(json(lane.stdout)).toMatchObject({ intervalMs: 5000, batchSize: 10 });
    const unknown = await cli("pace", "--lane", "urgent", "--batch-size", "20");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^400: lanes\.urgent/);
    expect(json((await cli("stop")).stdout)).toMatchObject({ state: "stopped" });
    const events = await cli("events", "--limit", "3");
    expect((json(events.stdout).items as { kind: string }[]).map((e) => e.kind)).toEqual([
      "stop",
      "config",
      "config",
    ]);
  });

  it("send stores a message (once per --idempotency-key); cancel and retry act on it", async () => {
    // The same request twice, under one idempotency key.
    const send = [
      "send",
      "--to",
      "+905551111111",
      "--content",
      "Your code is 1234",
      "--priority",
      "transactional",
      "--idempotency-key",
      "cli-1",
    ];
    const sent = await cli(...send);
    expect(sent.code).toBe(0);
    const message = json(sent.stdout);
    expect(message).toMatchObject({ status: "pending", priority: "transactional" });
    const again = await cli(...send);
    expect(json(again.stdout).id).toBe(message.id);
    const urgent = await cli("send", "--to", "+905551111111", "--content", "x", "--priority", "urgent");
    expect(urgent.code).toBe(1);
    expect(urgent.stderr).toMatch(/^400: priority names no lane/);

    expect(json((await cli("cancel", String(message.id))).stdout)).toMatchObject({ status: "cancelled" });
    const twice = await cli("cancel", String(message.id));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^409: message \d+ is cancelled/);

    await running.sandbox.db
      .updateTable("messages")
      .set({ status: "failed" })
      .where("id", "=", message.id as number)
      .execute();
    expect(json((await cli("retry", String(message.id))).stdout)).toMatchObject({ status: "pending" });
    expect(json((await cli("cancel", "--to", "+905551111111")).stdout)).toEqual({ count: 1, rounds: 2 });
  });

  it.each([
    [["send", "--to", "+905551111111"], /send needs --to and --content/],
    [["pace"], /pace needs at least one/],
    [["pace", "--batch-size", "ten"], /--batch-size must be a whole number/],
    [["retry", "abc"], /retry needs a message id/],
    [["pace", "--lane", "transactional"], /pace --lane needs --interval-ms or --batch-size/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["status", "--colour"], /Unknown option '--colour'/],
  ])("%j is a usage error (exit 2) that says why", async (argv, why) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(why);
    expect(result.stderr).toContain("usage: dispatcher");
  });

  it("the API's refusals exit 1 with its message: a bad number, a missing key, a wrong key", async () => {
    const bad = await cli("send", "--to", "0555", "--content", "x");
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toMatch(/^400: to must be an E\.164 phone number/);
    expect(json(bad.stdout).field).toBe("to");
    const anonymous = await runCli(["status"], { DISPATCHER_URL: running.api.baseUrl });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/^401: /);
    const wrong = await runCli(["status", "--key", "wrong", "--url", running.api.baseUrl], {});
    expect(wrong.code).toBe(1);
  });

  it("an API that cannot be reached exits 3; a bad --url exits 2", async () => {
    const port = await freePort();
    const down = await runCli(["status", "--url", `http://127.0.0.1:${port}`, "--key", KEY], {});
    expect(down.code).toBe(3);
    expect(down.stderr).toBe(`cannot reach the API at http://127.0.0.1:${port}: ECONNREFUSED\n`);
    expect((await runCli(["status", "--url", "not a url"], {})).code).toBe(2);
  });

  it("as a process: `pnpm dispatcher status` prints JSON and sets the exit code", async () => {
    const main = fileURLToPath(new URL("../src/cli-main.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
    const ok = await promisify(execFile)(tsx, [main, "status"], { env: { ...process.env, ...env() } });
    expect(JSON.parse(ok.stdout)).toHaveProperty("state");
    const failed = await promisify(execFile)(tsx, [main, "retry", "abc"], {
      env: { ...process.env, ...env() },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
  });
});
