import {
  DEFAULT_TRANSACTIONAL_PACE,
  MESSAGE_PRIORITIES,
  MESSAGE_STATUSES,
  PACE_LIMITS,
  RECEIPT_STATUSES,
} from "@dispatcher/core";
import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDispatcherState, seedDispatcherState } from "../src/index.js";

// The core's statuses and limits and the schema's CHECK constraints must not drift apart.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  await seedDispatcherState(t.db, { running: false, intervalMs: 10_000, batchSize: 3 }, "test");
});
afterAll(async () => {
  await t?.drop();
});

/** The text of a CHECK constraint, as Postgres prints it. */
async function constraint(name: string): Promise<string> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint where conname = ${name}`.execute(t.db);
  expect(rows, name).toHaveLength(1);
  return rows[0]!.def;
}

/** Whether Postgres accepts `column = value` on the state row. */
async function stateAccepts(column: string, value: number): Promise<boolean> {
  try {
    await sql`update dispatcher_state set ${sql.ref(column)} = ${value}`.execute(t.db);
    return true;
  } catch (error) {
    expect((error as { code?: string }).code).toBe("23514"); // check_violation
    return false;
  }
}

describe("the schema's constraints and @dispatcher/core", () => {
  it("messages.status allows exactly MESSAGE_STATUSES", async () => {
    const def = await constraint("messages_status_known");
    const allowed = [...def.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1]);
    expect(allowed).toEqual([...MESSAGE_STATUSES]);
  });

  it("messages.priority allows exactly MESSAGE_PRIORITIES", async () => {
    const def = await constraint("messages_priority_known");
    const allowed = [...def.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1]);
    expect(allowed).toEqual([...MESSAGE_PRIORITIES]);
  });

  it("delivery_receipts.status allows exactly RECEIPT_STATUSES, and a message's delivery status those and unknown", async () => {
    const receipt = await constraint("delivery_receipts_status_known");
    expect([...receipt.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1])).toEqual([...RECEIPT_STATUSES]);
    const message = await constraint("messages_delivery_status_known");
    expect([...message.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1])).toEqual([
      ...RECEIPT_STATUSES,
      "unknown",
    ]);
  });

  it("a state seeded without a transactional pace has DEFAULT_TRANSACTIONAL_PACE", async () => {
    const state = await getDispatcherState(t.db);
    expect({ intervalMs: state?.transactionalIntervalMs, batchSize: state?.transactionalBatchSize }).toEqual(
      DEFAULT_TRANSACTIONAL_PACE,
    );
  });

  it.each([
    ["interval_ms", PACE_LIMITS.intervalMs],
    ["batch_size", PACE_LIMITS.batchSize],
    ["transactional_interval_ms", PACE_LIMITS.intervalMs],
    ["transactional_batch_size", PACE_LIMITS.batchSize],
    ["message_max_length", PACE_LIMITS.messageMaxLength],
  ])("dispatcher_state.%s holds PACE_LIMITS' bounds, no more", async (column, { min, max }) => {
    expect(await stateAccepts(column, min)).toBe(true);
    expect(await stateAccepts(column, max)).toBe(true);
    expect(await stateAccepts(column, min - 1)).toBe(false);
    expect(await stateAccepts(column, max + 1)).toBe(false);
  });

  it("messages.content holds the largest content limit", async () => {
    const def = await constraint("messages_content_length");
    expect(def).toContain(`<= ${PACE_LIMITS.messageMaxLength.max}`);
  });
});
