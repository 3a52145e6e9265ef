import { dryCapture, ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  claimPending,
  type Database,
  markFailed,
  markSent,
  startSending,
  touchClaimed,
} from "../src/index.js";

// Statistics taken while nothing was claimed, then a large backlog claimed: the planner's view is
// stale, as between two autovacuum runs under load.
const t = useTestDatabase({
  seed: async (db) => {
    await sql`insert into messages (recipient, content, status, sent_at, attempts)
              select '+905551000000', 'x', 'sent', now(), 1 from generate_series(1, 20000)`.execute(db);
    await sql`insert into messages (recipient, content) select '+905551000000', 'y' from generate_series(1, 20000)`.execute(
      db,
    );
    await sql`analyze messages`.execute(db);
    await sql`update messages set status = 'sending' where status = 'pending'`.execute(db);
  },
});

async function plan(run: (db: Kysely<Database>) => Promise<unknown>): Promise<string> {
  const compiled = await dryCapture(t.db, run);
  const result = await sql<{
    "QUERY PLAN": string;
  }>`explain ${sql.raw(compiled.sql.replace(/\$(\d+)/g, (_, n) => literal(compiled.parameters[Number(n) - 1])))}`.execute(
    t.db,
  );
  return result.rows.map((r) => r["QUERY PLAN"]).join("\n");
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `array[${value.map(literal).join(", ")}]`;
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === "number") return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

describe("send-path statements look rows up by primary key, whatever the statistics say", () => {
  it.each([
    ["startSending", (db: Kysely<Database>) => startSending(db, [20_001, 20_002], ONE_PROVIDER)],
    [
      "markSent",
      (db: Kysely<Database>) => markSent(db, [{ id: 20_001, providerMessageId: "p", sentAt: new Date() }]),
    ],
    ["markFailed", (db: Kysely<Database>) => markFailed(db, [{ id: 20_001, error: "e" }])],
    ["touchClaimed", (db: Kysely<Database>) => touchClaimed(db, [20_001, 20_002])],
    ["claimPending", (db: Kysely<Database>) => claimPending(db, 1_000, "bulk")],
  ])("%s", async (_name, run) => {
    const text = await plan(run);
    expect(text).toContain("messages_pkey");
    expect(text).not.toContain("messages_claimed_idx");
    expect(text).not.toMatch(/Seq Scan on messages\b/);
  });
});
