import type { MessageStatus } from "@dispatcher/core";
import { sendQueueDepth } from "@dispatcher/redis";
import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Adds a tick and waits until the tick queue has completed `n` ticks in all. */
async function tickNumber(harness: Harness, n: number): Promise<void> {
  await harness.tick();
  await eventually(async () => expect(await harness.queues.tick.getCompletedCount()).toBe(n));
}

/** The ids of messages in `status`, in id order. */
async function idsIn(harness: Harness, status: MessageStatus): Promise<number[]> {
  const rows = await harness.db
    .selectFrom("messages")
    .select("id")
    .where("status", "=", status)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

describe("the send window", () => {
  it("a tick claims only the room left in the window, oldest first; with the window full nothing is claimed and the rest stays pending", async () => {
    h = await startHarness({ sendWindow: 10, batchSize: 40 });
    // Paused sending: the jobs the ticks add stay waiting in Redis, filling the window.
    await h.queues.send.pause();
    const bulk = await h.addMessages(30);
    await tickNumber(h, 1);
    expect(await idsIn(h, "queued")).toEqual(bulk.slice(0, 10));
    expect(await sendQueueDepth(h.queues.send)).toBe(10);
    await tickNumber(h, 2);
    expect(await idsIn(h, "queued")).toEqual(bulk.slice(0, 10));
    expect(await idsIn(h, "pending")).toEqual(bulk.slice(10));
    // Four jobs leave the window: the next tick claims exactly four, the next oldest.
    await Promise.all(bulk.slice(0, 4).map((id) => h!.queues.send.remove(`msg-${id}`)));
    await tickNumber(h, 3);
    expect(await idsIn(h, "queued")).toEqual(bulk.slice(0, 14));
    expect(await idsIn(h, "pending")).toEqual(bulk.slice(14));
  });

  it("the transactional lane still claims when bulk jobs fill the window", async () => {
    h = await startHarness({ sendWindow: 10, batchSize: 40 });
    await h.queues.send.pause();
    const bulk = await h.addMessages(30);
    await tickNumber(h, 1);
    const otps = await h.addMessages(3, undefined, "transactional");
    await tickNumber(h, 2);
    expect(await idsIn(h, "queued")).toEqual([...bulk.slice(0, 10), ...otps]);
    // Their jobs wait at the head of the send queue (the right end of its wait list).
    const head = await h.queues.redis.lrange(h.queues.send.toKey("wait"), -3, -1);
    expect(head.sort()).toEqual(otps.map((id) => `msg-${id}`).sort());
  });

  it("the workers drain everything through the window, each message sent once", async () => {
    h = await startHarness({ sendWindow: 10, batchSize: 40 });
    const bulk = await h.addMessages(60);
    for (let n = 1; (await idsIn(h, "sent")).length < bulk.length; n++) {
      await tickNumber(h, n);
      expect(n).toBeLessThan(100);
    }
    expect((await h.received()).counters).toMatchObject({ accepted: 60, duplicates: 0 });
  });
});
