import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { findIntake, insertMessagesOnce, type NewIntakeKey, purgeExpiredIntakeKeys } from "../src/index.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await sql`truncate messages, intake_keys restart identity`.execute(t.db);
});

const DAY_MS = 86_400_000;
const key = (overrides: Partial<NewIntakeKey> = {}): NewIntakeKey => ({
  scope: "ops",
  key: "k-1",
  requestHash: "h-1",
  ttlMs: DAY_MS,
  ...overrides,
});
const items = [
  { recipient: "+905551111111", content: "one" },
  { recipient: "+905552222222", content: "two" },
];

async function counts(): Promise<{ messages: number; keys: number }> {
  const result = await sql<{ messages: string; keys: string }>`
    select (select count(*) from messages) as messages, (select count(*) from intake_keys) as keys`.execute(
    t.db,
  );
  return { messages: Number(result.rows[0]!.messages), keys: Number(result.rows[0]!.keys) };
}

describe("insertMessagesOnce", () => {
  it("stores the messages with a new key, then replays them in order for the same request", async () => {
    const stored = await insertMessagesOnce(t.db, key(), items);
    expect(stored.kind).toBe("stored");
    const replayed = await insertMessagesOnce(t.db, key(), items);
    expect(replayed.kind).toBe("replayed");
    if (stored.kind === "mismatch" || replayed.kind === "mismatch") throw new Error("unexpected mismatch");
    expect(replayed.messages.map((m) => m.id)).toEqual(stored.messages.map((m) => m.id));
    expect(replayed.messages.map((m) => m.content)).toEqual(["one", "two"]);
    expect(await counts()).toEqual({ messages: 2, keys: 1 });
  });

  it("refuses the same key with another request, storing nothing", async () => {
    await insertMessagesOnce(t.db, key(), items);
    expect(await insertMessagesOnce(t.db, key({ requestHash: "h-2" }), items)).toEqual({ kind: "mismatch" });
    expect(await counts()).toEqual({ messages: 2, keys: 1 });
  });

  it("keeps scopes apart", async () => {
    await insertMessagesOnce(t.db, key(), items);
    expect((await insertMessagesOnce(t.db, key({ scope: "billing" }), items)).kind).toBe("stored");
    expect(await counts()).toEqual({ messages: 4, keys: 2 });
  });

  it("concurrent calls with one key store one set (the primary key decides)", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => insertMessagesOnce(t.db, key(), items)),
    );
    expect(outcomes.filter((o) => o.kind === "stored")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "replayed")).toHaveLength(7);
    expect(await counts()).toEqual({ messages: 2, keys: 1 });
  });

  it("takes an expired key afresh, even for another request", async () => {
    await insertMessagesOnce(t.db, key(), items);
    await sql`update intake_keys set expires_at = now() - interval '1 day'`.execute(t.db);
    const again = await insertMessagesOnce(t.db, key({ requestHash: "h-2" }), items.slice(0, 1));
    expect(again.kind).toBe("stored");
    expect(await counts()).toEqual({ messages: 3, keys: 1 });
    // The key stands for the new request now: it replays its one message; the old request is refused.
    const replay = await insertMessagesOnce(t.db, key({ requestHash: "h-2" }), items.slice(0, 1));
    if (again.kind !== "stored" || replay.kind !== "replayed")
      throw new Error("expected stored, then replayed");
    expect(replay.messages.map((m) => m.id)).toEqual(again.messages.map((m) => m.id));
    expect((await insertMessagesOnce(t.db, key(), items)).kind).toBe("mismatch");
  });

  it("a key keeps the time it was stored with: a shorter TTL later does not forget it sooner", async () => {
    await insertMessagesOnce(t.db, key(), items);
    const replay = await insertMessagesOnce(t.db, key({ ttlMs: 1 }), items);
    expect(replay.kind).toBe("replayed");
    expect(await findIntake(t.db, key())).toMatchObject({ kind: "replayed" });
    await sql`update intake_keys set expires_at = now()`.execute(t.db);
    expect(await findIntake(t.db, key())).toBeUndefined();
  });

  it("refuses a key longer than 255 characters (CHECK constraint)", async () => {
    await expect(insertMessagesOnce(t.db, key({ key: "k".repeat(256) }), items)).rejects.toThrow(
      /intake_keys_key_length/,
    );
    expect(await counts()).toEqual({ messages: 0, keys: 0 });
  });
});

describe("purgeExpiredIntakeKeys", () => {
  it("deletes only keys past their time, oldest first, at most `limit` per call", async () => {
    // Stored with a day's TTL 3 days, 2 days and an hour ago: the first two have expired.
    for (const [i, age] of ["3 days", "2 days", "1 hour"].entries()) {
      await insertMessagesOnce(t.db, key({ key: `k-${i}` }), items.slice(0, 1));
      await sql`update intake_keys set expires_at = expires_at - ${age}::interval where key = ${`k-${i}`}`.execute(
        t.db,
      );
    }
    expect(await purgeExpiredIntakeKeys(t.db, 1)).toBe(1);
    const left = await t.db.selectFrom("intakeKeys").select("key").orderBy("key").execute();
    expect(left.map((r) => r.key)).toEqual(["k-1", "k-2"]);
    expect(await purgeExpiredIntakeKeys(t.db, 10)).toBe(1);
    expect(await purgeExpiredIntakeKeys(t.db, 10)).toBe(0);
    expect(await counts()).toEqual({ messages: 3, keys: 1 });
  });
});
