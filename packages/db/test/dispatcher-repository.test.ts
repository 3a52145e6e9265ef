import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  changeDispatcherState,
  claimArrivals,
  claimTick,
  type DispatcherSettings,
  insertMessages,
  type LaneClaim,
  listDispatcherEvents,
  listLanes,
  seedDispatcherState,
  UnknownLaneError,
} from "../src/index.js";

const t = useTestDatabase({
  truncate: ["messages"],
  // The transactional lane's turn is not due for a day, unless a test says otherwise: the bulk
  // lane's tests see only their own turn.
  seed: async () => {
    await boot(true, [
      // Claimed by turns here (not on arrival): claimTick's tests of an ahead lane.
      { name: "transactional", intervalMs: 86_400_000, batchSize: 2, ahead: true, arrival: false },
      { name: "bulk", intervalMs: 10_000, batchSize: 3, ahead: false, arrival: false },
    ]);
    await transactionalSlotAgo(0);
  },
});

/** Seeds the state as a boot does: `running`, with `lanes` (a stored lane keeps its pace). */
const boot = (running: boolean, lanes: DispatcherSettings["lanes"]) =>
  seedDispatcherState(t.db, { running, lanes }, "test");

beforeEach(async () => {
  await insertMessages(
    t.db,
    Array.from({ length: 20 }, (_, i) => ({ recipient: `+90555${1_000_000 + i}`, content: `m ${i}` })),
  );
});

/** Puts `lane`'s last turn's slot `ms` in the past (negative: in the future). */
const slotAgo = (lane: string, ms: number) =>
  sql`update lanes set last_tick_at = now() - ${ms} * interval '1 millisecond' where name = ${lane}`.execute(
    t.db,
  );
/** The bulk lane's (see slotAgo). */
const lastSlotAgo = (ms: number) => slotAgo("bulk", ms);
/** The transactional lane's (see slotAgo). */
const transactionalSlotAgo = (ms: number) => slotAgo("transactional", ms);
/** A lane's last slot, as stored. */
const lastTickOf = async (lane: string) => (await listLanes(t.db)).find((l) => l.name === lane)!.lastTickAt;
/** What each lane of a claim took, by name. */
const byLane = (lanes: LaneClaim[] | undefined) =>
  Object.fromEntries((lanes ?? []).map((l) => [l.name, l.ids]));

describe("claimTick", () => {
  it("gives the first tick its turn and its batch, and of many ticks at once exactly one", async () => {
    await sql`update lanes set last_tick_at = null where name = 'bulk'`.execute(t.db);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimTick(t.db)));
    const taken = claims.filter((c) => c !== undefined);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ state: { running: true }, turns: ["bulk"], ids: [1, 2, 3] });
  });

  it("is not due until an interval less a tenth of it after the last slot", async () => {
    await lastSlotAgo(8_500);
    expect(await claimTick(t.db)).toBeUndefined();
    await lastSlotAgo(9_100);
    expect((await claimTick(t.db))?.ids).toHaveLength(3);
  });

  it("a late tick does not cost the next its turn: the next slot is the last plus an interval", async () => {
    // The last slot was 10.5 s ago: this tick ran half a second late.
    await lastSlotAgo(10_500);
    expect(await claimTick(t.db)).toBeDefined();
    // Its slot is 0.5 s ago, not now: the next tick, on time 9.5 s from now, has its turn.
    const [{ ageMs }] = (
      await sql<{
        ageMs: number;
      }>`select extract(epoch from now() - last_tick_at) * 1000 as "ageMs" from lanes where name = 'bulk'`.execute(
        t.db,
      )
    ).rows as [{ ageMs: number }];
    expect(Number(ageMs)).toBeGreaterThan(400);
  });

  it("a slot in the future (Postgres's clock stepped back) is due at once", async () => {
    await lastSlotAgo(-3_600_000);
    expect(await claimTick(t.db)).toBeDefined();
  });

  it("caps the tolerance at one second for long intervals, and gives a stopped dispatcher no turn", async () => {
    await changeDispatcherState(t.db, { lanes: { bulk: { intervalMs: 120_000 } } }, "test");
    await lastSlotAgo(118_500);
    expect(await claimTick(t.db)).toBeUndefined();
    await lastSlotAgo(119_100);
    expect(await claimTick(t.db)).toBeDefined();
    await changeDispatcherState(t.db, { running: false }, "test");
    await lastSlotAgo(600_000);
    expect(await claimTick(t.db)).toBeUndefined();
    await changeDispatcherState(t.db, { running: true, lanes: { bulk: { intervalMs: 10_000 } } }, "test");
  });

  it("a claim that fails takes no turn", async () => {
    await lastSlotAgo(60_000);
    const before = await lastTickOf("bulk");
    // The claim statement fails: a check constraint refuses `queued`.
    await sql`alter table messages add constraint block_claim check (status <> 'queued') not valid`.execute(
      t.db,
    );
    try {
      await expect(claimTick(t.db)).rejects.toThrow(/block_claim/);
    } finally {
      await sql`alter table messages drop constraint block_claim`.execute(t.db);
    }
    expect(await lastTickOf("bulk")).toEqual(before);
  });
});

describe("claimTick with two lanes", () => {
  /** `n` transactional messages to +90555`first`, +90555`first + 1`, … */
  const insertTransactional = (n: number, first: number) =>
    insertMessages(
      t.db,
      Array.from({ length: n }, (_, i) => ({
        recipient: `+90555${first + i}`,
        content: `otp ${i}`,
        priority: "transactional",
      })),
    );
  /**
   * Five transactional messages, stored after the twenty bulk ones (ids 21..25), and their lane's
   * pace set to 5 s (with `running`, if given).
   */
  const addTransactional = async (state: { running?: boolean } = {}) => {
    await insertTransactional(5, 2_000_000);
    await changeDispatcherState(t.db, { ...state, lanes: { transactional: { intervalMs: 5_000 } } }, "test");
  };

  it("claims each due lane's own batch, oldest first within it; the transactional jobs come first", async () => {
    await addTransactional();
    await lastSlotAgo(60_000);
    await transactionalSlotAgo(60_000);
    const claim = await claimTick(t.db);
    expect(byLane(claim?.lanes)).toEqual({ transactional: [21, 22], bulk: [1, 2, 3] });
    expect(claim).toMatchObject({ turns: ["transactional", "bulk"], ids: [21, 22, 1, 2, 3] });
  });

  it("each lane keeps its own turn: one lane's claim neither takes nor waits for the other's", async () => {
    await addTransactional();
    // Bulk is due, transactional claimed a second ago: only bulk claims.
    await lastSlotAgo(60_000);
    await transactionalSlotAgo(1_000);
    const claim = await claimTick(t.db);
    expect(claim?.turns).toEqual(["bulk"]);
    expect(byLane(claim?.lanes)).toEqual({ transactional: [], bulk: [1, 2, 3] });
    // Five seconds later transactional is due again, bulk (every 10 s) is not: the twenty bulk
    // messages waiting, all older, do not hold the transactional ones back.
    await transactionalSlotAgo(5_000);
    await lastSlotAgo(5_000);
    expect(await claimTick(t.db)).toMatchObject({ turns: ["transactional"], ids: [21, 22] });
    expect(await claimTick(t.db)).toBeUndefined();
  });

  it("a transactional flood never takes the bulk lane's batch", async () => {
    await insertTransactional(200, 3_000_000);
    await changeDispatcherState(
      t.db,
      { lanes: { transactional: { intervalMs: 5_000, batchSize: 100 } } },
      "test",
    );
    for (let round = 0; round < 2; round++) {
      await lastSlotAgo(60_000);
      await transactionalSlotAgo(60_000);
      const claim = byLane((await claimTick(t.db))?.lanes);
      expect(claim.transactional).toHaveLength(100);
      expect(claim.bulk).toEqual([1, 2, 3].map((id) => id + round * 3));
    }
    await changeDispatcherState(t.db, { lanes: { transactional: { batchSize: 2 } } }, "test");
  });

  it("with no room in the send queue's window a lane claims nothing and keeps its turn: its messages stay pending", async () => {
    await lastSlotAgo(60_000);
    const before = await lastTickOf("bulk");
    expect(await claimTick(t.db, { ahead: 10, behind: 0 })).toBeUndefined();
    expect(await lastTickOf("bulk")).toEqual(before);
    const { count } = await t.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(20);
    expect((await claimTick(t.db, { ahead: 10, behind: 2 }))?.ids).toEqual([1, 2]);
  });

  it("with some room a lane claims exactly the room, oldest first, within its batch", async () => {
    await lastSlotAgo(60_000);
    expect((await claimTick(t.db, { ahead: 10, behind: 2 }))?.ids).toEqual([1, 2]);
    await lastSlotAgo(60_000);
    expect((await claimTick(t.db, { ahead: 10, behind: 100 }))?.ids).toEqual([3, 4, 5]);
  });

  it("an ahead lane still claims when the window is full of other lanes' jobs, and its claim uses up their room", async () => {
    await addTransactional();
    await lastSlotAgo(60_000);
    await transactionalSlotAgo(60_000);
    const full = await claimTick(t.db, { ahead: 5, behind: 0 });
    expect(full).toMatchObject({ turns: ["transactional"], ids: [21, 22] });
    await lastSlotAgo(60_000);
    await transactionalSlotAgo(60_000);
    const shared = await claimTick(t.db, { ahead: 5, behind: 3 });
    expect(byLane(shared?.lanes)).toEqual({ transactional: [23, 24], bulk: [1] });
  });

  it("a stopped dispatcher gives no lane a turn", async () => {
    await addTransactional({ running: false });
    await lastSlotAgo(60_000);
    await transactionalSlotAgo(60_000);
    expect(await claimTick(t.db)).toBeUndefined();
    await changeDispatcherState(t.db, { running: true }, "test");
  });
});

describe("lanes as rows", () => {
  it("a third lane is a row: it claims on its own pace, ahead lanes first, and a change to it is audited", async () => {
    await boot(true, [
      { name: "marketing", intervalMs: 600_000, batchSize: 1, ahead: false, arrival: false },
    ]);
    await insertMessages(t.db, [{ recipient: "+905554000000", content: "sale", priority: "marketing" }]);
    await lastSlotAgo(60_000);
    const claim = await claimTick(t.db);
    expect(claim?.turns).toEqual(["bulk", "marketing"]);
    expect(byLane(claim?.lanes)).toEqual({ transactional: [], bulk: [1, 2, 3], marketing: [21] });
    // Its next turn is ten minutes away, the bulk lane's ten seconds.
    await lastSlotAgo(60_000);
    expect((await claimTick(t.db))?.turns).toEqual(["bulk"]);
    await changeDispatcherState(t.db, { lanes: { marketing: { batchSize: 5 } } }, "ops");
    const [event] = await listDispatcherEvents(t.db, { limit: 1 });
    expect(event).toMatchObject({
      kind: "config",
      actor: "ops",
      details: { from: { marketing: { batchSize: 1 } }, to: { marketing: { batchSize: 5 } } },
    });
    await sql`delete from messages where priority = 'marketing'`.execute(t.db);
    await sql`delete from lanes where name = 'marketing'`.execute(t.db);
  });

  it("a later boot adds a lane it names, and keeps the paces stored", async () => {
    await boot(false, [
      { name: "bulk", intervalMs: 99_000, batchSize: 99, ahead: false, arrival: false },
      { name: "alerts", intervalMs: 1_000, batchSize: 10, ahead: true, arrival: false },
    ]);
    const lanes = await listLanes(t.db);
    expect(lanes.map((l) => [l.name, l.intervalMs, l.batchSize])).toEqual([
      ["alerts", 1_000, 10],
      ["transactional", 86_400_000, 2],
      ["bulk", 10_000, 3],
    ]);
    await sql`delete from lanes where name = 'alerts'`.execute(t.db);
  });

  it("a change to a lane that is not stored stores nothing", async () => {
    await expect(
      changeDispatcherState(t.db, { running: false, lanes: { nope: { batchSize: 1 } } }, "test"),
    ).rejects.toBeInstanceOf(UnknownLaneError);
    expect((await claimTick(t.db).then(() => listLanes(t.db))).length).toBe(2);
  });

  it("a message may only name a stored lane", async () => {
    await expect(
      insertMessages(t.db, [{ recipient: "+905554000000", content: "x", priority: "nope" }]),
    ).rejects.toThrow(/foreign key/);
  });
});

describe("claimArrivals: a lane that sends on arrival", () => {
  /** Adds the arrival lane `name` (`batchSize` a minute, bursts of as many, ahead) and `n` messages in it. */
  const addArrivalLane = async (name: string, n: number, batchSize = 3) => {
    await boot(true, [{ name, intervalMs: 60_000, batchSize, ahead: true, arrival: true }]);
    await insertMessages(
      t.db,
      Array.from({ length: n }, (_, i) => ({
        recipient: `+90555${3_000_000 + i}`,
        content: `${name} ${i}`,
        priority: name,
      })),
    );
  };
  /** Adds the arrival lane `otp` (3 a minute, bursts of 3, ahead) and `n` messages in it (ids 21..). */
  const addOtpLane = (n: number) => addArrivalLane("otp", n);
  /** Moves the otp lane's budget `ms` into the past, as if that long had passed since its last claim. */
  const budgetAgo = (ms: number) =>
    sql`update lanes set tokens_at = tokens_at - ${ms} * interval '1 millisecond' where name = 'otp'`.execute(
      t.db,
    );
  afterEach(async () => {
    await sql`delete from messages where priority in ('otp', 'alerts')`.execute(t.db);
    await sql`delete from lanes where name in ('otp', 'alerts')`.execute(t.db);
  });

  it("claims the oldest at once up to its burst, then what its rate refills, and nothing more", async () => {
    await addOtpLane(6);
    const first = await claimArrivals(t.db, undefined, "otp");
    expect(byLane(first?.lanes)).toEqual({ otp: [21, 22, 23] });
    expect(first?.ids).toEqual([21, 22, 23]);
    expect(byLane((await claimArrivals(t.db, undefined, "otp"))?.lanes)).toEqual({ otp: [] });
    // 3 a minute: 20 s refills one message, 40 s two.
    await budgetAgo(20_500);
    expect(byLane((await claimArrivals(t.db, undefined, "otp"))?.lanes)).toEqual({ otp: [24] });
    await budgetAgo(40_500);
    expect(byLane((await claimArrivals(t.db, undefined, "otp"))?.lanes)).toEqual({ otp: [25, 26] });
  });

  it("a budget saved up never exceeds one burst", async () => {
    await addOtpLane(6);
    await claimArrivals(t.db, undefined, "otp");
    await budgetAgo(3_600_000);
    expect((await claimArrivals(t.db, undefined, "otp"))?.ids).toEqual([24, 25, 26]);
  });

  it("of many claims at once, every message is claimed once and the lane's burst is never exceeded", async () => {
    await addOtpLane(10);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimArrivals(t.db, undefined, "otp")));
    const ids = claims.flatMap((c) => c?.ids ?? []);
    expect(ids.sort((a, b) => a - b)).toEqual([21, 22, 23]);
    const statuses = await t.db
      .selectFrom("messages")
      .select("status")
      .where("priority", "=", "otp")
      .execute();
    expect(statuses.filter((r) => r.status === "queued")).toHaveLength(3);
  });

  it("of many claims at once with budget to spare, every message is claimed once and each spends what the last left", async () => {
    await addArrivalLane("otp", 40, 100);
    // Each claim has room for 5: the eight split the 40, and each that waited for the lane must
    // spend from the budget the one before it left (a stale read would leave 95).
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimArrivals(t.db, { ahead: 5, behind: 0 }, "otp")),
    );
    const ids = claims.flatMap((c) => c?.ids ?? []);
    expect(ids.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 21 + i));
    const { tokens } = await t.db
      .selectFrom("lanes")
      .select("tokens")
      .where("name", "=", "otp")
      .executeTakeFirstOrThrow();
    expect(tokens).toBeGreaterThanOrEqual(60);
    expect(tokens).toBeLessThan(61);
  });

  it("a lane that does not send ahead is cut to the other lanes' room", async () => {
    await boot(true, [{ name: "otp", intervalMs: 60_000, batchSize: 3, ahead: false, arrival: true }]);
    await insertMessages(
      t.db,
      Array.from({ length: 3 }, (_, i) => ({
        recipient: `+90555${3_000_000 + i}`,
        content: `otp ${i}`,
        priority: "otp",
      })),
    );
    const claim = await claimArrivals(t.db, { ahead: 10, behind: 1 }, "otp");
    expect(claim?.lanes).toEqual([{ name: "otp", ahead: false, ids: [21] }]);
  });

  it("several arrival lanes share the room, in name order, and each reads the content limit", async () => {
    await addOtpLane(3);
    await addArrivalLane("alerts", 3, 5);
    const claim = await claimArrivals(t.db, { ahead: 4, behind: 0 });
    expect(byLane(claim?.lanes)).toEqual({ alerts: [24, 25, 26], otp: [21] });
    expect(claim?.ids).toEqual([24, 25, 26, 21]);
    expect(claim?.messageMaxLength).toBe(160);
  });

  it("is cut to the room in the send window and keeps the budget it did not use", async () => {
    await addOtpLane(6);
    expect((await claimArrivals(t.db, { ahead: 1, behind: 0 }, "otp"))?.ids).toEqual([21]);
    expect((await claimArrivals(t.db, { ahead: 0, behind: 0 }, "otp"))?.ids).toEqual([]);
    expect((await claimArrivals(t.db, undefined, "otp"))?.ids).toEqual([22, 23]);
  });

  it("claims nothing while the dispatcher is stopped, and its budget waits for the start", async () => {
    await addOtpLane(4);
    await changeDispatcherState(t.db, { running: false }, "test");
    expect(await claimArrivals(t.db, undefined, "otp")).toBeUndefined();
    await changeDispatcherState(t.db, { running: true }, "test");
    expect((await claimArrivals(t.db))?.ids).toEqual([21, 22, 23]);
  });

  it("ticks take no turn of it and never claim its messages; without a lane named, every arrival lane claims", async () => {
    await addOtpLane(2);
    await lastSlotAgo(60_000);
    const tick = await claimTick(t.db);
    expect(tick?.turns).toEqual(["bulk"]);
    expect(tick?.lanes.map((l) => l.name)).not.toContain("otp");
    expect(byLane((await claimArrivals(t.db))?.lanes)).toEqual({ otp: [21, 22] });
  });

  it("answers undefined when no lane sends on arrival", async () => {
    expect(await claimArrivals(t.db)).toBeUndefined();
    expect(await claimArrivals(t.db, undefined, "bulk")).toBeUndefined();
  });
});

afterEach(async () => {
  await changeDispatcherState(
    t.db,
    { running: true, lanes: { transactional: { intervalMs: 86_400_000 } } },
    "test",
  );
  await transactionalSlotAgo(0);
});
