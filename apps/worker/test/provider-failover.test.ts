import { changeProviderRouting, getMessage } from "@dispatcher/db";
import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Each message's idempotency key and recorded provider, in id order. */
async function recorded(ids: number[]) {
  return Promise.all(
    ids.map(async (id) => {
      const row = await getMessage(h!.db, id);
      return { key: row!.idempotencyKey, provider: row!.provider, status: row!.status };
    }),
  );
}

/** The keys each mock provider accepted, and the keys every request to the primary carried. */
async function providerSides() {
  const [primary, secondary, primaryAnswers] = await Promise.all([
    h!.received(),
    h!.secondary!.received(),
    h!.answers(),
  ]);
  return {
    primary: new Set(primary.received.map((r) => r.idempotencyKey)),
    secondary: new Set(secondary.received.map((r) => r.idempotencyKey)),
    primaryRequests: new Set(primaryAnswers.map((a) => a.idempotencyKey)),
  };
}

describe("a second provider", () => {
  it("a primary that refuses connections: each message's next attempt goes to the secondary, which is recorded", async () => {
    h = await startHarness({ secondary: true, batchSize: 5, sendAttempts: 5 });
    await h.stopPrimary();
    const ids = await h.addMessages(5);
    await h.tick();
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 15_000);
    const messages = await recorded(ids);
    const sides = await h.secondary!.received();
    expect(messages.every((m) => m.provider === "secondary")).toBe(true);
    expect(new Set(sides.received.map((r) => r.idempotencyKey))).toEqual(new Set(messages.map((m) => m.key)));
    expect(sides.counters.duplicates).toBe(0);
  });

  it("a connection dropped after the request was sent is retried on the same provider with the same key, never the other", async () => {
    h = await startHarness({ secondary: true, batchSize: 3, sendAttempts: 20, sendBackoffMs: 50 });
    // The primary takes each request and drops the connection: it may have sent them.
    await h.setSwitches({ dropRate: 1 });
    const bound = await h.addMessages(3);
    await h.tick();
    // Enough drops open the primary's breaker; the bound messages still go nowhere else.
    await eventually(async () => {
      const answers = await h!.answers();
      expect(answers.filter((a) => a.status === 0).length).toBeGreaterThanOrEqual(6);
    }, 15_000);
    // While the breaker is open, new messages go straight to the secondary.
    const fresh = await h.addMessages(3);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(fresh)).toEqual(["sent", "sent", "sent"]), 15_000);
    await h.setSwitches({ dropRate: 0 });
    await eventually(async () => expect(await h!.statuses(bound)).toEqual(["sent", "sent", "sent"]), 15_000);

    const sides = await providerSides();
    for (const m of await recorded(bound)) {
      expect(m.provider).toBe("primary");
      expect(sides.primary.has(m.key)).toBe(true);
      expect(sides.secondary.has(m.key)).toBe(false);
    }
    for (const m of await recorded(fresh)) {
      expect(m.provider).toBe("secondary");
      expect(sides.primaryRequests.has(m.key)).toBe(false);
    }
  });

  it("the breaker opens on 5xx and sends new messages to the secondary, while 5xx-bound ones stay with the primary; a successful probe closes it", async () => {
    h = await startHarness({ secondary: true, batchSize: 6, sendAttempts: 5, sendBackoffMs: 50 });
    await h.setSwitches({ failStatus: 503, failRate: 1 });
    const first = await h.addMessages(6);
    await h.tick();
    // A 503 may come after the provider stored the message: a message whose attempt reached the
    // primary never moves, and fails there; one first tried after the breaker opened goes to the
    // secondary.
    await eventually(async () => {
      for (const status of await h!.statuses(first)) expect(["failed", "sent"]).toContain(status);
    }, 15_000);
    const during = await h.addMessages(3);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(during)).toEqual(["sent", "sent", "sent"]), 15_000);
    const sides = await providerSides();
    const firstRows = await recorded(first);
    expect(firstRows.filter((m) => m.provider === "primary").length).toBeGreaterThanOrEqual(3);
    for (const m of firstRows) {
      if (m.provider === "primary") {
        expect(m.status).toBe("failed");
        expect(sides.secondary.has(m.key)).toBe(false);
      } else {
        expect(m).toMatchObject({ provider: "secondary", status: "sent" });
        expect(sides.primaryRequests.has(m.key)).toBe(false);
      }
    }
    for (const m of await recorded(during)) {
      expect(m.provider).toBe("secondary");
      expect(sides.primaryRequests.has(m.key)).toBe(false);
    }
    // The primary recovers; after the cool-down (1 s) a probe finds it and the breaker closes.
    await h.setSwitches({ failRate: 0 });
    await eventually(
      async () => {
        const [id] = await h!.addMessages(1);
        await h!.tick();
        await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]), 5_000);
        expect((await recorded([id!]))[0]!.provider).toBe("primary");
      },
      15_000,
      200,
    );
    const after = await h.addMessages(4);
    await h.tick();
    await eventually(
      async () => expect(new Set(await h!.statuses(after))).toEqual(new Set(["sent"])),
      15_000,
    );
    expect((await recorded(after)).every((m) => m.provider === "primary")).toBe(true);
  });

  it("a provider that stores a message and then answers 500 keeps it: it is retried there with the same key, never elsewhere", async () => {
    h = await startHarness({ secondary: true, batchSize: 4, sendAttempts: 10, sendBackoffMs: 50 });
    await h.setSwitches({ failAfterAcceptRate: 1 });
    const ids = await h.addMessages(4);
    await h.tick();
    await eventually(async () => {
      const answers = await h!.answers();
      expect(answers.filter((a) => a.status === 500).length).toBeGreaterThanOrEqual(8);
    }, 15_000);
    await h.setSwitches({ failAfterAcceptRate: 0 });
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 15_000);
    const sides = await providerSides();
    for (const m of await recorded(ids)) {
      expect(m.provider).toBe("primary");
      expect(sides.secondary.has(m.key)).toBe(false);
    }
    // The webhook deduplicates by key: the recipients got one SMS each however often it was asked.
    expect((await h.received()).received.every((r) => r.sends === 1)).toBe(true);
  });

  it("while the primary keeps failing, an open breaker lets one probe through per cool-down", async () => {
    h = await startHarness({ secondary: true, batchSize: 10, sendAttempts: 1, sendBackoffMs: 50 });
    await h.setSwitches({ failStatus: 503, failRate: 1 });
    const first = await h.addMessages(10);
    await h.tick();
    // Each fails at the primary (one attempt each) until the breaker opens; the rest go to the secondary.
    await eventually(async () => {
      for (const status of await h!.statuses(first)) expect(["failed", "sent"]).toContain(status);
    }, 15_000);
    const openedAt = Date.now();
    // 3 s of new messages, ten every 100 ms, with the cool-down at 1 s: about 3 probes.
    for (let i = 0; i < 30; i++) {
      await h.addMessages(10);
      await h.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    const toPrimary = (await h.answers()).filter((a) => a.at > openedAt + 200);
    expect(toPrimary.length).toBeGreaterThan(0);
    expect(toPrimary.length).toBeLessThanOrEqual(5);
  });

  it("each message goes to a provider that sends to its country; one no provider reaches fails without a call", async () => {
    h = await startHarness({
      secondary: true,
      batchSize: 3,
      countries: { primary: ["TR"], secondary: ["DE"] },
    });
    const recipients = ["+905551234567", "+4915112345678", "+447911123456"];
    const ids = await h.addMessages(3, (i) => recipients[i]!);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["sent", "sent", "failed"]), 15_000);
    const [tr, de] = await recorded(ids);
    expect(tr!.provider).toBe("primary");
    expect(de!.provider).toBe("secondary");
    const uk = await getMessage(h.db, ids[2]!);
    expect(uk!.lastError).toMatch(/no configured provider sends to this recipient's country/);
    const [primary, secondary] = await Promise.all([h.received(), h.secondary!.received()]);
    expect(primary.counters.requests + secondary.counters.requests).toBe(2);
  });
});

describe("several healthy providers", () => {
  it("split 2,000 messages by weight (1:3), each recorded with the provider that took it", async () => {
    h = await startHarness({
      providers: ["b"],
      routing: { primary: { weight: 1 }, b: { weight: 3 } },
      batchSize: 2_000,
      sendAttempts: 3,
    });
    const ids = await h.addMessages(2_000);
    await h.tick();
    await eventually(
      async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])),
      60_000,
      500,
    );
    const rows = await recorded(ids);
    const toB = rows.filter((m) => m.provider === "b").length / rows.length;
    expect(toB).toBeGreaterThan(0.7);
    expect(toB).toBeLessThan(0.8);
    const [a, b] = await Promise.all([h.received(), h.mocks.b!.received()]);
    expect(a.received.length + b.received.length).toBe(2_000);
    expect(b.received.length / 2_000).toBeCloseTo(toB, 5);
  });

  it("a weight changed through the stored routing reaches the worker within its refresh", async () => {
    h = await startHarness({ providers: ["b"], batchSize: 50 });
    await changeProviderRouting(h.db, { name: "primary", change: { weight: 0 }, actor: "test" });
    // The harness's workers read the routing every 200 ms.
    await new Promise((r) => setTimeout(r, 500));
    const ids = await h.addMessages(50);
    await h.tick();
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 15_000);
    expect((await recorded(ids)).every((m) => m.provider === "b")).toBe(true);
  });
});

describe("a provider's throughput limit", () => {
  it("sends at most its rate across two workers, and a wait for a slot costs no attempt", async () => {
    h = await startHarness({
      workers: 2,
      batchSize: 30,
      sendAttempts: 1,
      routing: { primary: { maxPerSecond: 10, burst: 1 } },
    });
    const ids = await h.addMessages(30);
    await h.tick();
    await eventually(
      async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])),
      20_000,
      200,
    );
    const times = (await h.answers()).map((a) => a.at).sort((a, b) => a - b);
    expect(times).toHaveLength(30);
    // 100 ms a segment, one at a time: 30 sends take at least 2.9 s, whatever the concurrency.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(2_800);
    // With one attempt allowed, a wait that spent one would have failed the message.
    const rows = await h.db.selectFrom("messages").select(["attempts"]).where("id", "in", ids).execute();
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
