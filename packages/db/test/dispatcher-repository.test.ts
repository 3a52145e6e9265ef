import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { changeDispatcherState, claimTickTurn, seedDispatcherState } from "../src/index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  await seedDispatcherState(t.db, { running: true, intervalMs: 10_000, batchSize: 3 }, "test");
});
afterAll(async () => {
  await t?.drop();
});

const lastTickAgo = (ms: number) =>
  sql`update dispatcher_state set last_tick_at = now() - ${ms} * interval '1 millisecond'`.execute(t.db);

describe("claimTickTurn", () => {
  it("gives the first tick its turn, and of many ticks at once exactly one", async () => {
    const turns = await Promise.all(Array.from({ length: 10 }, () => claimTickTurn(t.db)));
    expect(turns.filter(Boolean)).toHaveLength(1);
    expect(turns.find(Boolean)).toMatchObject({ running: true, batchSize: 3 });
  });

  it("gives no turn within an interval of the last claiming tick (less a tenth of it)", async () => {
    await lastTickAgo(8_500);
    expect(await claimTickTurn(t.db)).toBeUndefined();
    await lastTickAgo(9_100);
    expect(await claimTickTurn(t.db)).toBeDefined();
  });

  it("caps the tolerance at one second for long intervals, and gives a stopped dispatcher no turn", async () => {
    await changeDispatcherState(t.db, { intervalMs: 120_000 }, "test");
    await lastTickAgo(118_500);
    expect(await claimTickTurn(t.db)).toBeUndefined();
    await lastTickAgo(119_100);
    expect(await claimTickTurn(t.db)).toBeDefined();
    await changeDispatcherState(t.db, { running: false }, "test");
    await lastTickAgo(600_000);
    expect(await claimTickTurn(t.db)).toBeUndefined();
  });
});
