import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Adds one wake-up of the transactional lane per call, as intake does per request. */
const wake = (harness: Harness, n = 1) =>
  harness.queues.arrivals.addBulk(
    Array.from({ length: n }, () => ({ name: "arrival", data: { lane: "transactional" } })),
  );

/** Moves the transactional lane's budget `ms` into the past, as if that long had passed. */
const budgetAgo = (harness: Harness, ms: number) =>
  sql`update lanes set tokens_at = tokens_at - ${ms} * interval '1 millisecond'
       where name = 'transactional'`.execute(harness.db);

describe("a lane that sends on arrival", () => {
  it("a wake-up claims and sends its message at once, with no tick, ahead of the bulk jobs waiting", async () => {
    h = await startHarness({ arrival: true, batchSize: 5 });
    await h.queues.send.pause();
    const bulk = await h.addMessages(3);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(bulk)).toEqual(["queued", "queued", "queued"]));
    const [otp] = await h.addMessages(1, undefined, "transactional");
    await wake(h);
    await eventually(async () => expect(await h!.statuses([otp!])).toEqual(["queued"]));
    // The tick took its one turn: only the wake-up claimed the OTP.
    expect(await h.queues.tick.getCompletedCount()).toBe(1);
    await h.queues.send.resume();
    await eventually(async () => expect((await h!.received()).counters.accepted).toBe(4));
    const order = (await h.answers()).map((a) => a.idempotencyKey);
    expect(order[0]).toContain(String(otp));
  });

  it("claims within its budget: a burst of batchSize at once, the rest when the budget refills, by a tick if no wake-up comes", async () => {
    h = await startHarness({ arrival: true, batchSize: 3 });
    const otps = await h.addMessages(5, undefined, "transactional");
    await wake(h, 5);
    await eventually(async () => expect((await h!.received()).counters.accepted).toBe(3));
    // The provider counts a request before the worker records it sent: wait for the records.
    await eventually(async () =>
      expect(await h!.statuses(otps)).toEqual(["sent", "sent", "sent", "pending", "pending"]),
    );
    // 3 a minute: 40 s refill two; the tick (no wake-up) claims them from the same budget.
    await budgetAgo(h, 40_500);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(otps)).toEqual(Array(5).fill("sent")));
    expect((await h.received()).counters).toMatchObject({ accepted: 5, duplicates: 0 });
  });

  it("a message whose wake-up was lost (none came) is claimed by the next tick, from the lane's budget", async () => {
    h = await startHarness({ arrival: true, batchSize: 5 });
    const otps = await h.addMessages(2, undefined, "transactional");
    await h.tick();
    await eventually(async () => expect(await h!.statuses(otps)).toEqual(["sent", "sent"]));
    const [lane] = await h.db
      .selectFrom("lanes")
      .select("tokens")
      .where("name", "=", "transactional")
      .execute();
    expect(lane!.tokens).toBeCloseTo(3, 0);
  });

  it("many wake-ups on two workers send every message once, within the budget", async () => {
    h = await startHarness({ arrival: true, workers: 2, batchSize: 40 });
    const otps = await h.addMessages(30, undefined, "transactional");
    await wake(h, 30);
    await eventually(async () => expect(await h!.statuses(otps)).toEqual(Array(30).fill("sent")));
    expect((await h.received()).counters).toMatchObject({ accepted: 30, duplicates: 0, doubleSends: 0 });
  });

  it("a stopped dispatcher claims nothing on a wake-up; the first tick after the start does", async () => {
    h = await startHarness({ arrival: true, batchSize: 5 });
    await h.setState({ running: false });
    const otps = await h.addMessages(2, undefined, "transactional");
    await wake(h);
    await eventually(async () => expect(await h!.queues.arrivals.count()).toBe(0));
    expect(await h.statuses(otps)).toEqual(["pending", "pending"]);
    await h.setState({ running: true });
    await h.tick();
    await eventually(async () => expect(await h!.statuses(otps)).toEqual(["sent", "sent"]));
  });
});
