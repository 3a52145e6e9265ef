import { getMessage } from "@dispatcher/db";
import { readProviderPause, redisNow } from "@dispatcher/redis";
import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// Provider answers that must never strand a message: every message ends sent or failed, and is
// POSTed at most SEND_ATTEMPTS times plus its 429 allowance.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Milliseconds from each 429 answer to the next request the provider saw. */
async function gapsAfter429(harness: Harness): Promise<number[]> {
  const answers = await harness.answers();
  const gaps: number[] = [];
  for (const [i, answer] of answers.entries()) {
    const next = answers[i + 1];
    if (answer.status === 429 && next) gaps.push(next.at - answer.at);
  }
  return gaps;
}

describe("Retry-After a client cannot trust", () => {
  it.each([
    ["0", 100],
    ["a date in the past", 100],
    ["garbage", 1_000],
    ["a negative number", 100],
  ])(
    "a 429 with Retry-After %s pauses at least the floor, then the message is sent",
    async (kind, floorMs) => {
      const value: Record<string, string> = {
        "0": "0",
        "a date in the past": "Wed, 21 Oct 2015 07:28:00 GMT",
        garbage: "soon, maybe",
        "a negative number": "-5",
      };
      h = await startHarness({ sendBackoffMs: 10, maxPauseMs: 2_000 });
      await h.setSwitches({ failNext: 1, failStatus: 429, retryAfter: value[kind]! });
      const [id] = await h.addMessages(1);
      await h.tick();
      await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
      const [gap] = await gapsAfter429(h);
      expect(gap).toBeGreaterThanOrEqual(floorMs - 30);
      expect(await getMessage(h.db, id!)).toMatchObject({ attempts: 2, rateLimited: 1 });
    },
  );

  it("a 429 asking for a huge wait pauses sending for PROVIDER_MAX_PAUSE_MS at most", async () => {
    h = await startHarness({ sendBackoffMs: 10, maxPauseMs: 1_500 });
    await h.setSwitches({ failNext: 1, failStatus: 429, retryAfter: "9".repeat(400) });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () =>
      expect((await readProviderPause(h!.queues))?.remainingMs).toBeGreaterThan(0),
    );
    expect((await readProviderPause(h.queues))?.remainingMs).toBeLessThanOrEqual(1_500);
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]), 10_000);
    const [gap] = await gapsAfter429(h);
    expect(gap).toBeGreaterThanOrEqual(1_400);
    expect(gap).toBeLessThan(4_000);
  });

  it("a 503 asking for a day is retried after PROVIDER_MAX_PAUSE_MS at most", async () => {
    h = await startHarness({ sendBackoffMs: 10, maxPauseMs: 1_000 });
    await h.setSwitches({ failNext: 1, failStatus: 503, retryAfter: "86400" });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]), 10_000);
    const answers = await h.answers();
    expect(answers.map((a) => a.status)).toEqual([503, 202]);
    expect(answers[1]!.at - answers[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it("a provider that answers only 429 with Retry-After 0 ends the message failed, within the allowance", async () => {
    h = await startHarness({ sendAttempts: 2, sendBackoffMs: 10, maxPauseMs: 1_000 });
    await h.setSwitches({ failStatus: 429, failRate: 1, retryAfter: "0" });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["failed"]), 20_000);
    const requests = (await h.received()).counters.requests;
    // 2 attempts plus an allowance of 5 × 2 answers of 429.
    expect(requests).toBe(12);
    const row = await getMessage(h.db, id!);
    expect(row).toMatchObject({ attempts: 12, rateLimited: 10 });
    expect(row!.lastError).toMatch(/429.*gave up after 2 attempts/);
  });
});

describe("bodies a client cannot trust", () => {
  it.each([
    ["a NUL in the messageId", '{"message":"Accepted","messageId":"ab\\u0000cd"}', "ab\\u0000cd"],
    ["control characters in the messageId", '{"messageId":"\\u001b[2J\\u0007x"}', "\\u001b[2J\\u0007x"],
    ["a 60,000-character messageId", `{"messageId":"${"z".repeat(60_000)}"}`, `${"z".repeat(254)}…`],
    ["a body past the 64 KiB read limit", `{"messageId":"${"z".repeat(100_000)}"}`, null],
    ["a numeric messageId", '{"messageId":12345}', "12345"],
    ["an object as messageId", '{"messageId":{"id":"x"}}', null],
    ["a body that is not JSON", "Accepted\u0000", null],
  ])("a 202 with %s is recorded sent, with its batch neighbours", async (_kind, body, stored) => {
    h = await startHarness({ batchSize: 6 });
    await h.setSwitches({ acceptBody: body });
    const ids = await h.addMessages(6);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(ids.map(() => "sent")));
    const rows = await h.db.selectFrom("messages").select(["providerMessageId", "attempts"]).execute();
    expect(rows.every((r) => r.providerMessageId === stored && r.attempts === 1)).toBe(true);
  });

  it("an error body with NUL and most of a megabyte of text is stored escaped and cut, and the retry sends", async () => {
    h = await startHarness({ sendBackoffMs: 10 });
    await h.setSwitches({ failNext: 1, failStatus: 500, errorBody: `\u0000${"e".repeat(900_000)}` });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    const row = await getMessage(h.db, id!);
    expect(row!.attemptErrors).toHaveLength(1);
    expect(row!.attemptErrors[0]!.error).toMatch(/^provider answered 500: \\u0000e+$/);
    expect(row!.attemptErrors[0]!.error.length).toBeLessThan(1_000);
  });
});

describe("attempts bounded across jobs", () => {
  it("a message whose attempts were spent by an earlier job is failed without another POST", async () => {
    h = await startHarness({ sendAttempts: 3, orphanAfterMs: 1_000, batchSize: 1 });
    const [id] = await h.addMessages(1);
    // Its earlier job made all 3 attempts and then vanished (Redis lost it) without an outcome.
    await sql`update messages set status = 'sending', attempts = 3, last_error = 'provider answered 503: busy',
              queued_at = now() - interval '2 minutes', updated_at = now() - interval '2 minutes'
              where id = ${id!}`.execute(h.db);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["failed"]));
    expect((await h.received()).counters.requests).toBe(0);
    expect((await getMessage(h.db, id!))!.lastError).toMatch(/all 3 attempts.*503: busy/);
  });
});

describe("operator control of a provider pause", () => {
  it("a start clears a long provider pause, and every worker sends again within seconds", async () => {
    h = await startHarness({ workers: 2, sendBackoffMs: 10, maxPauseMs: 3_600_000, batchSize: 4 });
    await h.setSwitches({ failNext: 1, failStatus: 429, retryAfter: "86400" });
    const ids = await h.addMessages(4);
    await h.tick();
    await eventually(async () =>
      expect((await readProviderPause(h!.queues))?.remainingMs).toBeGreaterThan(3_000_000),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.statuses(ids)).filter((s) => s === "sent").length).toBeLessThan(4);
    const cleared = Date.now();
    await h.setState({ running: true, providerPauseClearedAt: await redisNow(h.queues) });
    expect(await readProviderPause(h.queues)).toBeUndefined();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(ids.map(() => "sent")), 10_000);
    expect(Date.now() - cleared).toBeLessThan(5_000);
  });
});
