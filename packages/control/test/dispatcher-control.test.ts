import { TICK_QUEUE } from "@dispatcher/core";
import { changeDispatcherState, getDispatcherState, listLanes, seedDispatcherState } from "@dispatcher/db";
import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import {
  applyDispatcherState,
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  readScheduleStatus,
  tickIntervalMs,
} from "@dispatcher/redis";
import { testQueuePrefix } from "@dispatcher/test-setup";
import { Worker } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { changeDispatcher, reconcileDispatcher } from "../src/index.js";

let t: TestDatabase;
let redis: RedisConnection;
let queues: DispatcherQueues;
let prefix: string;

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  redis = createRedisConnection(inject("redisUrl"), "client");
  prefix = testQueuePrefix();
  queues = createDispatcherQueues({ connection: redis, prefix });
  await seedDispatcherState(
    t.db,
    {
      running: false,
      lanes: [
        { name: "transactional", intervalMs: 3_600_000, batchSize: 5, ahead: true, arrival: true },
        { name: "bulk", intervalMs: 60_000, batchSize: 2, ahead: false, arrival: false },
      ],
    },
    "test",
  );
  await reconcileDispatcher({ db: t.db, queues });
});
afterAll(async () => {
  await queues.tick.obliterate({ force: true });
  await queues.send.obliterate({ force: true });
  await queues.close();
  redis.disconnect();
  await t.drop();
});

const deps = () => ({ db: t.db, queues });
/** Every stored lane's interval. */
const laneIntervals = async () => (await listLanes(t.db)).map((lane) => lane.intervalMs);

describe("changeDispatcher", () => {
  it("commits before it touches Redis, so the first tick after a start reads running", async () => {
    const seen: boolean[] = [];
    const worker = new Worker(
      TICK_QUEUE,
      async () => {
        seen.push((await getDispatcherState(t.db))?.running ?? false);
      },
      { connection: createRedisConnection(inject("redisUrl"), "blocking"), prefix },
    );
    try {
      await changeDispatcher(deps(), { running: true }, "test");
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen[0]).toBe(true);
    } finally {
      await worker.close();
      await changeDispatcher(deps(), { running: false }, "test");
    }
  });

  it("every stored change bumps the version; a request that changes nothing stores nothing", async () => {
    const before = (await getDispatcherState(t.db))!;
    const same = await changeDispatcher(deps(), { running: false }, "test");
    expect(same.changed).toBe(false);
    expect(same.state.version).toBe(before.version);
    const paced = await changeDispatcher(deps(), { lanes: { bulk: { batchSize: 7 } } }, "test");
    expect(paced.state.version).toBe(before.version + 1);
    const at = new Date();
    const cleared = await changeDispatcher(deps(), { running: false, providerPauseClearedAt: at }, "test");
    expect(cleared.changed).toBe(false);
    expect(cleared.state.version).toBe(before.version + 2);
    expect(cleared.state.providerPauseClearedAt).toEqual(at);
  });
});

describe("convergeDispatcher", () => {
  it("waits its turn and then applies the latest stored state, never an older one over a newer", async () => {
    await changeDispatcher(deps(), { running: true, lanes: { bulk: { intervalMs: 45_000 } } }, "test");
    // Another convergence holds the turn while a stop commits and is applied by its holder.
    const lock = queues.tick.toKey("converge-lock");
    await redis.set(lock, "held-by-test", "PX", 10_000);
    const waiting = reconcileDispatcher(deps());
    const { state } = await changeDispatcherState(t.db, { running: false }, "other");
    await applyDispatcherState(queues, { ...state, laneIntervalsMs: await laneIntervals() });
    await redis.del(lock);
    const late = await waiting;
    // It read the state only with its turn: nothing to re-apply, and sending was never resumed.
    expect(late.state.running).toBe(false);
    expect(late.drift).toEqual([]);
    expect(await readScheduleStatus(queues)).toMatchObject({ scheduled: false, sendPaused: true });
  });

  it("concurrent changes from many callers end with Redis matching the last committed state", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        changeDispatcher(
          deps(),
          i % 3 === 0 ? { running: i % 2 === 0 } : { lanes: { bulk: { intervalMs: 10_000 + i * 1_000 } } },
          `caller-${i}`,
        ),
      ),
    );
    const final = (await getDispatcherState(t.db))!;
    const status = await readScheduleStatus(queues);
    expect(status.scheduled).toBe(final.running);
    expect(status.sendPaused).toBe(!final.running);
    if (final.running)
      expect(status.intervalMs).toBe(tickIntervalMs({ laneIntervalsMs: await laneIntervals() }));
  });
});

describe("reconcileDispatcher", () => {
  it("holds no lock on the state row, so a long transaction elsewhere never blocks it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locker = t.db.transaction().execute(async (trx) => {
      await sql`select * from dispatcher_state for update`.execute(trx);
      await held;
    });
    try {
      await new Promise((r) => setTimeout(r, 50));
      const outcome = await Promise.race([
        reconcileDispatcher(deps()).then(() => "done"),
        new Promise((r) => setTimeout(() => r("blocked"), 3_000)),
      ]);
      expect(outcome).toBe("done");
    } finally {
      release();
      await locker;
    }
  });
});
