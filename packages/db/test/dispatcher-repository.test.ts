import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  changeDispatcherState,
  claimTick,
  getDispatcherState,
  insertMessages,
  seedDispatcherState,
} from "../src/index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  await seedDispatcherState(t.db, { running: true, intervalMs: 10_000, batchSize: 3 }, "test");
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await sql`truncate messages restart identity`.execute(t.db);
  await insertMessages(
    t.db,
    Array.from({ length: 20 }, (_, i) => ({ recipient: `+90555${1_000_000 + i}`, content: `m ${i}` })),
  );
});

/** Puts the last turn's slot `ms` in the past (negative: in the future). */
const lastSlotAgo = (ms: number) =>
  sql`update dispatcher_state set last_tick_at = now() - ${ms} * interval '1 millisecond'`.execute(t.db);

describe("claimTick", () => {
  it("gives the first tick its turn and its batch, and of many ticks at once exactly one", async () => {
    await sql`update dispatcher_state set last_tick_at = null`.execute(t.db);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimTick(t.db)));
    const taken = claims.filter((c) => c !== undefined);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ state: { running: true, batchSize: 3 }, ids: [1, 2, 3] });
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
      }>`select extract(epoch from now() - last_tick_at) * 1000 as "ageMs" from dispatcher_state`.execute(
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
    await changeDispatcherState(t.db, { intervalMs: 120_000 }, "test");
    await lastSlotAgo(118_500);
    expect(await claimTick(t.db)).toBeUndefined();
    await lastSlotAgo(119_100);
    expect(await claimTick(t.db)).toBeDefined();
    await changeDispatcherState(t.db, { running: false }, "test");
    await lastSlotAgo(600_000);
    expect(await claimTick(t.db)).toBeUndefined();
    await changeDispatcherState(t.db, { running: true, intervalMs: 10_000 }, "test");
  });

  it("a claim that fails takes no turn", async () => {
    await lastSlotAgo(60_000);
    const before = (await getDispatcherState(t.db))!.lastTickAt!;
    // The claim statement fails: a check constraint refuses `queued`.
    await sql`alter table messages add constraint block_claim check (status <> 'queued') not valid`.execute(
      t.db,
    );
    try {
      await expect(claimTick(t.db)).rejects.toThrow(/block_claim/);
    } finally {
      await sql`alter table messages drop constraint block_claim`.execute(t.db);
    }
    expect((await getDispatcherState(t.db))!.lastTickAt).toEqual(before);
  });
});
