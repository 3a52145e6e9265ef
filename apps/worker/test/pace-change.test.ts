import { claimPending } from "@dispatcher/db";
import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function sentCount(harness: Harness): Promise<number> {
  const rows = await harness.db.selectFrom("messages").select("id").where("status", "=", "sent").execute();
  return rows.length;
}

describe("runtime pacing", () => {
  it("a new batch size takes effect on the next tick of every worker, with no restart", async () => {
    h = await startHarness({ workers: 2, batchSize: 1 });
    await h.addMessages(10);
    // Starts the scheduler (60 s interval): its first tick runs at once and claims one message.
    await h.setState({ running: true });
    await eventually(async () => expect(await sentCount(h!)).toBe(1));

    await h.setState({ lanes: { bulk: { batchSize: 4 } } });
    await h.tick();
    await eventually(async () => expect(await sentCount(h!)).toBe(5));
    await h.tick();
    await eventually(async () => expect(await sentCount(h!)).toBe(9));
    // Nothing else was claimed: exactly batchSize per tick.
    const pending = await h.db.selectFrom("messages").select("id").where("status", "=", "pending").execute();
    expect(pending).toHaveLength(1);
  });

  it("a new interval reschedules the ticks", async () => {
    h = await startHarness({ batchSize: 1 });
    await h.setState({ running: true, lanes: { bulk: { intervalMs: 60_000 } } });
    const before = await h.queues.tick.getJobScheduler("dispatch-tick");
    await h.setState({ lanes: { bulk: { intervalMs: 1_000 } } });
    const after = await h.queues.tick.getJobScheduler("dispatch-tick");
    expect([before?.every, after?.every]).toEqual([60_000, 1_000]);
    await h.addMessages(3);
    // At one tick a second, three messages go out within a few seconds.
    await eventually(async () => expect(await sentCount(h!)).toBe(3), 15_000);
  });
});

describe("priority lanes", () => {
  it("each lane claims its own batch per tick; transactional sends go ahead of bulk sends already queued", async () => {
    h = await startHarness({ batchSize: 40 });
    await h.setSwitches({ latencyMs: 50 });
    const bulk = await h.addMessages(40);
    await h.tick();
    // Forty bulk sends wait in the send queue (5 at a time, 50 ms each); then two one-time passwords.
    await eventually(async () => expect((await h!.answers()).length).toBeGreaterThan(0));
    const otps = await h.addMessages(2, undefined, "transactional");
    await h.tick();
    await eventually(async () => expect(await sentCount(h!)).toBe(42), 15_000);
    const keys = await h.db
      .selectFrom("messages")
      .select(["id", "idempotencyKey"])
      .where("id", "in", [...bulk, ...otps])
      .execute();
    const order = (await h.answers()).map((a) => keys.find((k) => k.idempotencyKey === a.idempotencyKey)!.id);
    const otpPlaces = otps.map((id) => order.indexOf(id));
    // Ahead of all but the bulk sends that had started or been taken before the second tick.
    expect(Math.max(...otpPlaces)).toBeLessThan(20);
    expect(order.slice(0, 20).filter((id) => bulk.includes(id))).toEqual(
      bulk.filter((id) => order.slice(0, 20).includes(id)),
    );
  });

  it("the orphan sweep puts a transactional orphan back at the head of the send queue too", async () => {
    h = await startHarness({ batchSize: 1, orphanAfterMs: 1 });
    await h.setSwitches({ latencyMs: 50 });
    const bulk = await h.addMessages(30);
    const otps = await h.addMessages(2, undefined, "transactional");
    // Claimed, and their jobs lost (as when Redis loses the send queue).
    await claimPending(h.db, 100, "bulk");
    await claimPending(h.db, 100, "transactional");
    await new Promise((r) => setTimeout(r, 20));
    await h.tick();
    await eventually(async () => expect(await sentCount(h!)).toBe(32), 15_000);
    const keys = await h.db.selectFrom("messages").select(["id", "idempotencyKey"]).execute();
    const order = (await h.answers()).map((a) => keys.find((k) => k.idempotencyKey === a.idempotencyKey)!.id);
    expect(order).toHaveLength(32);
    // Five sends run at once: the two transactional ones are among the first taken.
    expect(Math.max(...otps.map((id) => order.indexOf(id)))).toBeLessThan(5);
    expect(order.filter((id) => bulk.includes(id))).toHaveLength(30);
  });
});
