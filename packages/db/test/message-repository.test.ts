import { ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  ATTEMPT_ERRORS_KEPT,
  claimPending,
  getMessage,
  insertMessages,
  listDispatcherEvents,
  listSent,
  markFailed,
  markSent,
  PROVIDER_MESSAGE_ID_MAX_LENGTH,
  recordAttemptError,
  retryFailed,
  type SentCursor,
  seedDispatcherState,
  startSending,
} from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages"] });

function someMessages(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    recipient: `+90555${String(1_000_000 + i)}`,
    content: `hello ${i}`,
  }));
}

/** `n` messages taken to `sending` (inserted, claimed, started with ONE_PROVIDER); their ids. */
async function sendingMessages(n: number): Promise<number[]> {
  const ids = (await insertMessages(t.db, someMessages(n))).map((m) => m.id);
  await claimPending(t.db, n, "bulk");
  await startSending(t.db, ids, ONE_PROVIDER);
  return ids;
}

describe("claimPending", () => {
  it("claims the oldest pending messages first", async () => {
    const inserted = await insertMessages(t.db, someMessages(5));
    // Make the third message the oldest by creation time, whatever its id.
    await t.db
      .updateTable("messages")
      .set({ createdAt: sql<Date>`now() - interval '1 hour'` } as never)
      .where("id", "=", inserted[2]!.id)
      .execute();
    const first = await claimPending(t.db, 2, "bulk");
    expect(first).toEqual([inserted[2]!.id, inserted[0]!.id]);
    const second = await claimPending(t.db, 2, "bulk");
    expect(second).toEqual([inserted[1]!.id, inserted[3]!.id]);
  });

  it("claims exactly the batch size and marks those rows queued", async () => {
    await insertMessages(t.db, someMessages(7));
    const claimed = await claimPending(t.db, 3, "bulk");
    expect(claimed).toHaveLength(3);
    const statuses = await t.db
      .selectFrom("messages")
      .select(["id", "status", "queuedAt"])
      .orderBy("id")
      .execute();
    expect(statuses.filter((r) => r.status === "queued").map((r) => r.id)).toEqual(claimed);
    expect(statuses.filter((r) => r.status === "pending")).toHaveLength(4);
    expect(statuses.every((r) => (r.status === "queued") === (r.queuedAt !== null))).toBe(true);
  });

  it("never hands the same message to two concurrent claims", async () => {
    await insertMessages(t.db, someMessages(200));
    const results = await Promise.all(Array.from({ length: 8 }, () => claimPending(t.db, 40, "bulk")));
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(200);
  });
});

describe("state transitions", () => {
  it("a second startSending after sent changes nothing and returns nothing", async () => {
    const [m] = await insertMessages(t.db, someMessages(1));
    await claimPending(t.db, 1, "bulk");
    expect(await startSending(t.db, [m!.id], ONE_PROVIDER)).toHaveLength(1);
    expect(await markSent(t.db, [{ id: m!.id, providerMessageId: "p-1", sentAt: new Date() }])).toEqual([
      m!.id,
    ]);
    expect(await startSending(t.db, [m!.id], ONE_PROVIDER)).toEqual([]);
    expect(await markSent(t.db, [{ id: m!.id, providerMessageId: "p-2", sentAt: new Date() }])).toEqual([]);
    const row = await t.db
      .selectFrom("messages")
      .selectAll()
      .where("id", "=", m!.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "sent", providerMessageId: "p-1", attempts: 1 });
  });

  it("a pending message cannot be started or failed before it is claimed", async () => {
    const [m] = await insertMessages(t.db, someMessages(1));
    expect(await startSending(t.db, [m!.id], ONE_PROVIDER)).toEqual([]);
    expect(await markFailed(t.db, [{ id: m!.id, error: "x" }])).toEqual([]);
  });

  it("the database refuses a recipient that is not E.164 and empty content", async () => {
    await expect(insertMessages(t.db, [{ recipient: "0555 111", content: "x" }])).rejects.toThrow(
      /recipient_e164/,
    );
    await expect(insertMessages(t.db, [{ recipient: "+905551111111", content: "" }])).rejects.toThrow(
      /content_length/,
    );
  });
});

describe("listSent", () => {
  it("pages newest first without gaps or repeats, even with equal send times", async () => {
    const ids = await sendingMessages(23);
    const base = Date.now();
    // Pairs of messages share a send time, to exercise the id tie-breaker.
    await markSent(
      t.db,
      ids.map((id, i) => ({
        id,
        providerMessageId: `p-${id}`,
        sentAt: new Date(base + Math.floor(i / 2) * 1000),
      })),
    );
    const seen: number[] = [];
    let cursor: SentCursor | undefined;
    for (;;) {
      const page = await listSent(t.db, { limit: 5, cursor });
      if (page.length === 0) break;
      seen.push(...page.map((m) => m.id));
      const last = page.at(-1)!;
      cursor = { sentAt: last.sentAt!, id: last.id };
    }
    const expected = [...ids].sort((a, b) => {
      const ta = Math.floor(ids.indexOf(a) / 2);
      const tb = Math.floor(ids.indexOf(b) / 2);
      return tb - ta || b - a;
    });
    expect(seen).toEqual(expected);
  });
});

describe("hostile provider text", () => {
  it("a NUL, control characters or a huge id in one answer do not fail the markSent batch of the others", async () => {
    const ids = await sendingMessages(4);
    const sentAt = new Date();
    const changed = await markSent(t.db, [
      { id: ids[0]!, providerMessageId: "ok-1", sentAt },
      { id: ids[1]!, providerMessageId: "bad\u0000id", sentAt },
      { id: ids[2]!, providerMessageId: "x".repeat(100_000), sentAt },
      { id: ids[3]!, providerMessageId: "\u001b[31mred\uD800", sentAt },
    ]);
    expect(changed.sort()).toEqual([...ids].sort());
    const stored = await t.db
      .selectFrom("messages")
      .select(["id", "providerMessageId"])
      .orderBy("id")
      .execute();
    expect(stored.map((r) => r.providerMessageId)).toEqual([
      "ok-1",
      "bad\\u0000id",
      `${"x".repeat(PROVIDER_MESSAGE_ID_MAX_LENGTH - 1)}…`,
      "\\u001b[31mred\uFFFD",
    ]);
  });

  it("error text with NUL and of any length is stored escaped and cut, as last_error and in the history", async () => {
    const [row] = await insertMessages(t.db, someMessages(1));
    await claimPending(t.db, 1, "bulk");
    await startSending(t.db, [row!.id], ONE_PROVIDER);
    await recordAttemptError(t.db, {
      id: row!.id,
      error: `provider answered 500: \u0000${"y".repeat(5_000)}`,
    });
    await markFailed(t.db, [{ id: row!.id, error: "provider answered 400: \u0000" }]);
    const stored = await getMessage(t.db, row!.id);
    expect(stored?.status).toBe("failed");
    expect(stored?.lastError).toBe("provider answered 400: \\u0000");
    expect(stored?.attemptErrors.map((e) => e.attempt)).toEqual([1, 1]);
    expect(stored?.attemptErrors[0]?.error.length).toBeLessThanOrEqual(1_000);
    expect(stored?.attemptErrors[0]?.error.startsWith("provider answered 500: \\u0000yyy")).toBe(true);
  });
});

describe("attempt accounting", () => {
  it("counts 429 answers apart, keeps the latest errors only, and a manual retry starts a new round", async () => {
    const [row] = await insertMessages(t.db, someMessages(1));
    const id = row!.id;
    await claimPending(t.db, 1, "bulk");
    for (let i = 0; i < ATTEMPT_ERRORS_KEPT + 5; i++) {
      const [started] = await startSending(t.db, [id], ONE_PROVIDER);
      expect(started?.attempts).toBe(i + 1);
      await recordAttemptError(t.db, { id, error: `error ${i + 1}`, rateLimited: i % 2 === 0 });
    }
    const [last] = await startSending(t.db, [id], ONE_PROVIDER);
    expect(last).toMatchObject({ attempts: ATTEMPT_ERRORS_KEPT + 6, rateLimited: 13, lastError: "error 25" });
    await markFailed(t.db, [{ id, error: "gave up" }]);
    const failed = await getMessage(t.db, id);
    expect(failed?.attemptErrors).toHaveLength(ATTEMPT_ERRORS_KEPT);
    expect(failed?.attemptErrors.at(-1)).toMatchObject({
      attempt: ATTEMPT_ERRORS_KEPT + 6,
      error: "gave up",
    });
    expect(failed?.attemptErrors[0]?.error).toBe("error 7");

    const retried = await retryFailed(t.db, id, "ops");
    expect(retried).toMatchObject({ status: "pending", attempts: 0, rateLimited: 0, lastError: "gave up" });
    const [event] = await listDispatcherEvents(t.db, { limit: 1 });
    expect(event).toMatchObject({ kind: "retry", actor: "ops", details: { ids: [id], count: 1 } });
    expect(await retryFailed(t.db, id, "ops")).toBeUndefined();
    expect(await listDispatcherEvents(t.db, { limit: 10 })).toHaveLength(1);
    expect(retried?.attemptErrors).toHaveLength(ATTEMPT_ERRORS_KEPT);
  });

  it("the database refuses more rate-limited attempts than attempts", async () => {
    const [row] = await insertMessages(t.db, someMessages(1));
    await expect(
      t.db.updateTable("messages").set({ rateLimited: 1 }).where("id", "=", row!.id).execute(),
    ).rejects.toThrow(/messages_rate_limited_range/);
  });
});

describe("seedDispatcherState", () => {
  it("stores a fresh deploy's state and audits it; a later seed keeps what is stored", async () => {
    await sql`truncate dispatcher_state, dispatcher_events`.execute(t.db);
    const first = await seedDispatcherState(t.db, { running: false, messageMaxLength: 480 }, "system");
    expect(first).toMatchObject({ running: false, messageMaxLength: 480 });
    const again = await seedDispatcherState(t.db, { running: true, messageMaxLength: 200 }, "system");
    expect(again).toMatchObject({ running: false, messageMaxLength: 480 });
    const events = await listDispatcherEvents(t.db, { limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "stop",
      details: { reason: "initial state", messageMaxLength: 480 },
    });
  });
});
