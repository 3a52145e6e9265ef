import { sendJobId } from "@dispatcher/core";
import { findStaleClaimed, insertMessages } from "@dispatcher/db";
import { createDispatcherQueues, createRedisConnection, readJobPresence } from "@dispatcher/redis";
import { createSandbox, type Sandbox } from "@dispatcher/testing";
import { Worker } from "bullmq";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { requeueOrphans } from "../src/tick/orphan-sweep.js";

let s: Sandbox;
let ids: number[];
beforeEach(async () => {
  s = await createSandbox({ postgresUrl: inject("databaseUrl"), redis: inject("redisUrl") });
  const rows = await insertMessages(
    s.db,
    Array.from({ length: 4 }, (_, i) => ({ recipient: `+9055510000${i}`, content: `m ${i}` })),
  );
  ids = rows.map((r) => r.id);
  // Claimed two minutes ago and untouched since.
  await sql`update messages set status = 'queued', queued_at = now() - interval '2 minutes',
            updated_at = now() - interval '2 minutes'`.execute(s.db);
});
afterEach(async () => {
  await s.cleanup();
});

const sweep = (queue = s.queues.send, limit = 100) =>
  requeueOrphans({
    db: s.db,
    queue,
    olderThanMs: 60_000,
    limit,
    jobOptions: {},
    maxLength: 160,
    aheadLanes: new Set(["transactional"]),
  });
const job = (id: number) => ({
  name: "send",
  data: { messageId: id, maxLength: 160 },
  opts: { jobId: sendJobId(id) },
});
const stale = async () => (await findStaleClaimed(s.db, new Date(Date.now() - 60_000), 100)).map((m) => m.id);

describe("requeueOrphans", () => {
  it("enqueues again the messages whose job is gone or finished, and leaves a live one alone", async () => {
    const [gone, active, finished, alsoGone] = ids as [number, number, number, number];
    await s.queues.send.addBulk([job(active), job(finished)]);
    const blocking = createRedisConnection(inject("redisUrl"), "blocking");
    const worker = new Worker(s.queues.send.name, null, {
      connection: blocking,
      prefix: s.prefix,
      autorun: false,
    });
    // `active`'s job is taken by a worker (live); `finished`'s completes and is kept.
    const first = await worker.getNextJob("t");
    const second = await worker.getNextJob("t");
    expect([first?.id, second?.id]).toEqual([sendJobId(active), sendJobId(finished)]);
    await second!.moveToCompleted({ outcome: "skipped" }, "t", false);
    await worker.close();
    blocking.disconnect();
    expect(await sweep()).toBe(3);
    expect(await readJobPresence(s.queues.send, ids.map(sendJobId))).toEqual([
      "live",
      "live",
      "live",
      "live",
    ]);
    const waitingIds = await s.queues.send.getJobs(["waiting"], 0, -1, true);
    expect(waitingIds.map((j) => j.id)).toEqual([gone, finished, alsoGone].map(sendJobId));
    expect(await stale()).toEqual([]);
  });

  it("checks at most `limit` messages, oldest first", async () => {
    expect(await sweep(s.queues.send, 2)).toBe(2);
    expect(await stale()).toEqual(ids.slice(2));
  });

  it("marks the messages checked before asking Redis: a sweep that fails is not repeated on them", async () => {
    const lost = createRedisConnection(inject("redisUrl"), "client");
    const queues = createDispatcherQueues({ connection: lost, prefix: s.prefix });
    await queues.send.waitUntilReady();
    lost.disconnect();
    await expect(sweep(queues.send)).rejects.toThrow();
    await queues.close().catch(() => {});
    expect(await stale()).toEqual([]);
    expect(await s.queues.send.count()).toBe(0);
  });
});
