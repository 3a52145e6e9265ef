import { dryCapture, explainAnalyze, ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  claimPending,
  expireDue,
  getMessage,
  insertMessages,
  markExpired,
  markFailed,
  retryFailed,
  startSending,
} from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages"] });

const inMs = (ms: number) => new Date(Date.now() + ms);
const TR = "+905551111111";

describe("scheduled messages", () => {
  it("are claimed only once due, in due order (sendAt, else creation)", async () => {
    const [later, now, earlier] = await insertMessages(t.db, [
      { recipient: TR, content: "later", sendAt: inMs(3_600_000) },
      { recipient: TR, content: "now" },
      { recipient: TR, content: "earlier", sendAt: inMs(-30_000) },
    ]);
    expect(await claimPending(t.db, 10, "bulk")).toEqual([earlier!.id, now!.id]);
    expect((await getMessage(t.db, later!.id))?.status).toBe("pending");
    await sql`update messages set send_at = now() - interval '1 second' where id = ${later!.id}`.execute(
      t.db,
    );
    expect(await claimPending(t.db, 10, "bulk")).toEqual([later!.id]);
  });

  it("the claim is one range scan of messages_lane_due_idx, however many are sent, not due or in the other lane", async () => {
    await sql`insert into messages (recipient, content, status, sent_at, attempts)
              select ${TR}, 'x', 'sent', now(), 1 from generate_series(1, 20000)`.execute(t.db);
    await sql`insert into messages (recipient, content, send_at)
              select ${TR}, 'y', now() + interval '1 day' from generate_series(1, 20000)`.execute(t.db);
    await sql`insert into messages (recipient, content, priority)
              select ${TR}, 'z', 'transactional' from generate_series(1, 20000)`.execute(t.db);
    await sql`insert into messages (recipient, content) select ${TR}, 'z' from generate_series(1, 100)`.execute(
      t.db,
    );
    await sql`analyze messages`.execute(t.db);
    const statement = await dryCapture(t.db, (db) => claimPending(db, 1_000, "bulk"));
    const text = await explainAnalyze(t.db, statement);
    expect(text).toMatch(/Index Scan using messages_lane_due_idx/);
    expect(text).toMatch(/Index Cond: \(\(priority = 'bulk'::text\)/);
    expect(text).not.toMatch(/Seq Scan|Sort|Rows Removed/);
  });

  it("a lane's claim takes only its own messages, in due order", async () => {
    const [bulk, otp, laterOtp] = await insertMessages(t.db, [
      { recipient: TR, content: "bulk" },
      { recipient: TR, content: "otp", priority: "transactional" },
      { recipient: TR, content: "later otp", priority: "transactional", sendAt: inMs(-30_000) },
    ]);
    expect(await claimPending(t.db, 10, "transactional")).toEqual([laterOtp!.id, otp!.id]);
    expect(await claimPending(t.db, 10, "bulk")).toEqual([bulk!.id]);
  });
});

describe("expiring messages", () => {
  it("are never claimed once past expiresAt; expireDue ends them expired with the time", async () => {
    const [gone, fine] = await insertMessages(t.db, [
      { recipient: TR, content: "otp", expiresAt: inMs(60_000) },
      { recipient: TR, content: "fine", expiresAt: inMs(3_600_000) },
    ]);
    await sql`update messages set expires_at = now() - interval '1 second' where id = ${gone!.id}`.execute(
      t.db,
    );
    expect(await claimPending(t.db, 10, "bulk")).toEqual([fine!.id]);
    expect(await expireDue(t.db, 100)).toEqual([gone!.id]);
    const row = await getMessage(t.db, gone!.id);
    expect(row).toMatchObject({ status: "expired" });
    expect(row!.lastError).toMatch(/^expired unsent at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await expireDue(t.db, 100)).toEqual([]);
  });

  it("a retried message an earlier attempt may have reached ends failed, not 'expired unsent', past its time", async () => {
    const [bound] = await insertMessages(t.db, [{ recipient: TR, content: "otp", expiresAt: inMs(60_000) }]);
    await claimPending(t.db, 10, "bulk");
    await startSending(t.db, [bound!.id], ONE_PROVIDER);
    // Its attempt got an unclear answer (the message stays bound), then it failed and was retried.
    await markFailed(t.db, [{ id: bound!.id, error: "provider answered 503" }]);
    expect(await retryFailed(t.db, bound!.id, "ops")).toMatchObject({ status: "pending" });
    await sql`update messages set expires_at = now() - interval '1 second' where id = ${bound!.id}`.execute(
      t.db,
    );
    expect(await expireDue(t.db, 100)).toEqual([bound!.id]);
    const row = await getMessage(t.db, bound!.id);
    expect(row).toMatchObject({ status: "failed" });
    expect(row!.lastError).toMatch(/^expired at \S+Z after an attempt primary may have taken$/);
  });

  it("a message past its time while sending is ended by markExpired; no other status is changed", async () => {
    const [a, b] = await insertMessages(t.db, [
      { recipient: TR, content: "a", expiresAt: inMs(60_000) },
      { recipient: TR, content: "b" },
    ]);
    await claimPending(t.db, 10, "bulk");
    const [started] = await startSending(t.db, [a!.id], ONE_PROVIDER);
    expect(started?.expiresAt).toBeInstanceOf(Date);
    expect(await markExpired(t.db, a!.id, "expired unsent")).toBe(true);
    expect(await markExpired(t.db, b!.id, "expired unsent")).toBe(false);
    expect((await getMessage(t.db, b!.id))?.status).toBe("queued");
  });

  it("the database refuses an expiry before the send time", async () => {
    await expect(
      insertMessages(t.db, [{ recipient: TR, content: "x", sendAt: inMs(60_000), expiresAt: inMs(30_000) }]),
    ).rejects.toThrow(/messages_expires_after_send/);
  });
});
