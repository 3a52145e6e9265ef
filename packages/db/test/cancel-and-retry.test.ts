import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { cancelPendingWhere, claimPending, insertMessages, retryFailedMany } from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages", "dispatcher_events"] });

async function add(n: number): Promise<number[]> {
  const rows = await insertMessages(
    t.db,
    Array.from({ length: n }, (_, i) => ({ recipient: "+905551111111", content: `m${i}` })),
  );
  return rows.map((r) => r.id);
}

describe("cancel and bulk retry", () => {
  it("a cancelled message is never claimed", async () => {
    await add(3);
    expect(await cancelPendingWhere(t.db, { recipient: "+905551111111", limit: 2 }, "ops")).toBe(2);
    expect(await claimPending(t.db, 10, "bulk")).toEqual([3]);
  });

  it("cancels racing claims never take the same message: each ends queued or cancelled, once", async () => {
    await add(400);
    const [claims, cancelled] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, () => claimPending(t.db, 25, "bulk"))),
      Promise.all(
        Array.from({ length: 8 }, () =>
          cancelPendingWhere(t.db, { recipient: "+905551111111", limit: 25 }, "ops"),
        ),
      ),
    ]);
    const claimed = claims.flat();
    const rows = await t.db.selectFrom("messages").select(["id", "status"]).execute();
    const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(byStatus("queued")).toBe(claimed.length);
    expect(byStatus("cancelled")).toBe(cancelled.reduce((a, b) => a + b, 0));
    expect(byStatus("queued") + byStatus("cancelled") + byStatus("pending")).toBe(400);
  });

  it("a bulk retry changes only messages still failed", async () => {
    const [a, b] = await add(2);
    await sql`update messages set status = 'failed' where id = ${a}`.execute(t.db);
    expect(await retryFailedMany(t.db, { ids: [a!, b!], filter: { limit: 10 }, actor: "ops" })).toBe(1);
    const rows = await t.db.selectFrom("messages").select("status").orderBy("id").execute();
    expect(rows.map((r) => r.status)).toEqual(["pending", "pending"]);
  });
});
