import {
  BUILT_IN_LANES,
  ERASABLE_STATUSES,
  LANE_NAME_PATTERN,
  MESSAGE_STATUSES,
  OPT_OUT_SOURCES,
  PACE_LIMITS,
  RECEIPT_STATUSES,
} from "@dispatcher/core";
import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { getDispatcherState, seedDispatcherState } from "../src/index.js";

// The core's statuses and limits and the schema's CHECK constraints must not drift apart.

const t = useTestDatabase({ seed: (db) => seedDispatcherState(db, { running: false }, "test") });

/** The text of a CHECK constraint, as Postgres prints it. */
async function constraint(name: string): Promise<string> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint where conname = ${name}`.execute(t.db);
  expect(rows, name).toHaveLength(1);
  return rows[0]!.def;
}

/** Whether Postgres accepts `column = value` on `table`'s rows. */
async function accepts(table: string, column: string, value: number): Promise<boolean> {
  try {
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value}`.execute(t.db);
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

  it("opt_outs.source allows exactly OPT_OUT_SOURCES", async () => {
    const def = await constraint("opt_outs_source");
    expect([...def.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1])).toEqual([...OPT_OUT_SOURCES]);
  });

  it("only ERASABLE_STATUSES may be erased, and messages_erasable_idx holds exactly those", async () => {
    const erased = await constraint("messages_erased");
    expect([...erased.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1])).toEqual([...ERASABLE_STATUSES]);
    const { rows } = await sql<{ def: string }>`
      select pg_get_indexdef(indexrelid) as def from pg_index
       where indexrelid = 'messages_erasable_idx'::regclass`.execute(t.db);
    expect([...rows[0]!.def.matchAll(/'([a-z]+)'::text/g)].map((m) => m[1])).toEqual([...ERASABLE_STATUSES]);
  });

  it("a fresh schema holds BUILT_IN_LANES, names lanes as LANE_NAME_PATTERN does, and messages.priority names a lane", async () => {
    const { rows } = await sql<{
      name: string;
      intervalMs: number;
      batchSize: number;
      ahead: boolean;
      arrival: boolean;
    }>`select name, interval_ms, batch_size, ahead, arrival from lanes order by ahead desc, name`.execute(
      t.db,
    );
    expect(rows).toEqual([...BUILT_IN_LANES]);
    expect(await constraint("lanes_name")).toContain(LANE_NAME_PATTERN.source);
    expect(await constraint("messages_priority_fkey")).toContain("REFERENCES lanes(name)");
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

  it("a state seeded without a content limit has the default", async () => {
    expect((await getDispatcherState(t.db))?.messageMaxLength).toBe(160);
  });

  it.each([
    ["lanes", "interval_ms", PACE_LIMITS.intervalMs],
    ["lanes", "batch_size", PACE_LIMITS.batchSize],
    ["dispatcher_state", "message_max_length", PACE_LIMITS.messageMaxLength],
  ])("%s.%s holds PACE_LIMITS' bounds, no more", async (table, column, { min, max }) => {
    expect(await accepts(table, column, min)).toBe(true);
    expect(await accepts(table, column, max)).toBe(true);
    expect(await accepts(table, column, min - 1)).toBe(false);
    expect(await accepts(table, column, max + 1)).toBe(false);
  });

  it("messages.content holds the largest content limit", async () => {
    const def = await constraint("messages_content_length");
    expect(def).toContain(`<= ${PACE_LIMITS.messageMaxLength.max}`);
  });
});
