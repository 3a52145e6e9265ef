import { ERASABLE_STATUSES, MESSAGE_STATUSES, type MessageStatus } from "@dispatcher/core";
import { useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { eraseFinalMessages, getMessage, insertMessages, retryFailed } from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages"] });

/** One message in `status`, last changed `daysAgo` days ago; its id. */
async function messageIn(status: MessageStatus, daysAgo: number): Promise<number> {
  const [row] = await insertMessages(t.db, [
    { recipient: "+905551234567", content: "Your code is 1234", recipientHash: "a".repeat(64), segments: 1 },
  ]);
  await sql`update messages set status = ${status}, sent_at = now(), attempts = 1,
                                updated_at = now() - make_interval(days => ${daysAgo}::int)
             where id = ${row!.id}`.execute(t.db);
  return row!.id;
}

describe("eraseFinalMessages", () => {
  it("erases the recipient and content of final messages unchanged that long, keeping the rest of the row", async () => {
    const old = await Promise.all(MESSAGE_STATUSES.map((status) => messageIn(status, 31)));
    const recent = await messageIn("sent", 29);
    const before = await getMessage(t.db, old[MESSAGE_STATUSES.indexOf("sent")]!);

    expect(await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 100 })).toBe(ERASABLE_STATUSES.length);

    for (const [i, status] of MESSAGE_STATUSES.entries()) {
      const row = await getMessage(t.db, old[i]!);
      const erased = (ERASABLE_STATUSES as readonly string[]).includes(status);
      expect({
        status,
        recipient: row?.recipient,
        content: row?.content,
        erased: row?.erasedAt !== null,
      }).toEqual(
        erased
          ? { status, recipient: null, content: null, erased: true }
          : { status, recipient: "+905551234567", content: "Your code is 1234", erased: false },
      );
    }
    const after = await getMessage(t.db, old[MESSAGE_STATUSES.indexOf("sent")]!);
    expect({ ...after, recipient: before?.recipient, content: before?.content, erasedAt: null }).toEqual(
      before,
    );
    expect((await getMessage(t.db, recent))?.erasedAt).toBeNull();
    // Nothing left to erase: a second pass changes nothing.
    expect(await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 100 })).toBe(0);
  });

  it("works in batches of `limit`, oldest change first", async () => {
    const ids = [await messageIn("sent", 40), await messageIn("sent", 50), await messageIn("sent", 45)];
    expect(await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 2 })).toBe(2);
    const erased = await Promise.all(ids.map(async (id) => (await getMessage(t.db, id))?.erasedAt !== null));
    expect(erased).toEqual([false, true, true]);
  });

  it("skips a row another transaction holds, and takes it on a later pass", async () => {
    const held = await messageIn("sent", 31);
    const free = await messageIn("sent", 31);
    await t.db.transaction().execute(async (trx) => {
      await sql`select id from messages where id = ${held} for update`.execute(trx);
      expect(await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 100 })).toBe(1);
    });
    expect((await getMessage(t.db, free))?.erasedAt).not.toBeNull();
    expect(await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 100 })).toBe(1);
  });

  it("an erased failed message cannot be retried, and no message can be erased unless final", async () => {
    const failed = await messageIn("failed", 31);
    await eraseFinalMessages(t.db, { olderThanDays: 30, limit: 100 });
    expect(await retryFailed(t.db, failed, "test")).toBeUndefined();
    await expect(
      sql`update messages set status = 'pending' where id = ${failed}`.execute(t.db),
    ).rejects.toThrow(/messages_erased/);
    const pending = await messageIn("pending", 31);
    await expect(
      sql`update messages set recipient = null, content = null, erased_at = now() where id = ${pending}`.execute(
        t.db,
      ),
    ).rejects.toThrow(/messages_erased/);
  });
});
