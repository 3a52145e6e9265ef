import { ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { describe, expect, it } from "vitest";
import {
  claimPending,
  getMessage,
  insertMessages,
  markFailed,
  moveAttempt,
  recordAttemptError,
  retryFailed,
  startSending,
  undoAttempt,
} from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages"] });

async function claimedMessage(): Promise<number> {
  const [row] = await insertMessages(t.db, [{ recipient: "+905551234567", content: "hi" }]);
  await claimPending(t.db, 1, "bulk");
  return row!.id;
}

/** Starts an attempt with `names` as the candidates, each of weight 1. */
async function start(id: number, names: string[]) {
  const [row] = await startSending(t.db, [id], { names, weights: names.map(() => 1) });
  return { provider: row!.provider, free: row!.providerFree, attempts: row!.attempts };
}

describe("startSending's rows", () => {
  it("carry exactly what a send reads, typed", async () => {
    const id = await claimedMessage();
    const rows = await startSending(t.db, [id, id], ONE_PROVIDER);
    // An id given twice is started once.
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(Object.keys(row!).sort()).toEqual(
      [
        "attempts",
        "content",
        "expiresAt",
        "id",
        "idempotencyKey",
        "lastError",
        "optOutReason",
        "numberRule",
        "provider",
        "providerFree",
        "rateLimited",
        "recipient",
        "segments",
        "createdAt",
      ].sort(),
    );
    expect(row).toMatchObject({
      id,
      recipient: "+905551234567",
      content: "hi",
      attempts: 1,
      rateLimited: 0,
      lastError: null,
      expiresAt: null,
      optOutReason: null,
      numberRule: null,
      provider: "primary",
      providerFree: true,
    });
    expect(typeof row!.idempotencyKey).toBe("string");
    expect(row!.createdAt).toBeInstanceOf(Date);
  });
});

describe("which provider an attempt goes to (startSending, recordAttemptError, moveAttempt)", () => {
  it("a first attempt is free and takes a candidate", async () => {
    const id = await claimedMessage();
    expect(await start(id, ["secondary"])).toEqual({ provider: "secondary", free: true, attempts: 1 });
  });

  it("free attempts split between the candidates by weight, one draw per message", async () => {
    const rows = await insertMessages(
      t.db,
      Array.from({ length: 2_000 }, () => ({ recipient: "+905551234567", content: "hi" })),
    );
    await claimPending(t.db, 2_000, "bulk");
    const started = await startSending(
      t.db,
      rows.map((r) => r.id),
      { names: ["a", "b", "c"], weights: [1, 3, 6] },
    );
    const share = (name: string) => started.filter((r) => r.provider === name).length / started.length;
    expect(share("a")).toBeGreaterThan(0.05);
    expect(share("a")).toBeLessThan(0.15);
    expect(share("b")).toBeGreaterThan(0.25);
    expect(share("b")).toBeLessThan(0.35);
    expect(share("c")).toBeGreaterThan(0.55);
    expect(share("c")).toBeLessThan(0.65);
  });

  it("with no candidate a free attempt keeps the provider it had", async () => {
    const id = await claimedMessage();
    expect(await start(id, [])).toEqual({ provider: null, free: true, attempts: 1 });
  });

  it("after an attempt that may have reached the provider, every later one is bound to it", async () => {
    const id = await claimedMessage();
    await start(id, ["primary"]);
    // A timeout: recorded without `refused`.
    await recordAttemptError(t.db, { id, error: "provider unreachable: timeout" });
    expect(await start(id, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 2 });
    // A worker that died mid-request records nothing: still bound.
    expect(await start(id, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 3 });
    // A later definite refusal does not free it: the first request may still have been taken.
    await recordAttemptError(t.db, { id, error: "provider unreachable (ECONNREFUSED)", refusedAttempt: 3 });
    expect(await start(id, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 4 });
  });

  it("after a definite refusal the next attempt is free, and leaves the provider that refused", async () => {
    const id = await claimedMessage();
    await start(id, ["primary"]);
    await recordAttemptError(t.db, { id, error: "provider unreachable (ECONNREFUSED)", refusedAttempt: 1 });
    expect(await start(id, ["primary", "secondary"])).toEqual({
      provider: "secondary",
      free: true,
      attempts: 2,
    });
    // Only one provider usable: it stays there.
    await recordAttemptError(t.db, { id, error: "provider answered 503", refusedAttempt: 2 });
    expect(await start(id, ["secondary"])).toEqual({ provider: "secondary", free: true, attempts: 3 });
    // The refusal freed one attempt only: a timeout now binds it again.
    await recordAttemptError(t.db, { id, error: "timeout" });
    expect(await start(id, ["primary"])).toEqual({ provider: "secondary", free: false, attempts: 4 });
  });

  it("a refusal noted after another attempt started (a stalled job's) frees nothing", async () => {
    const id = await claimedMessage();
    await start(id, ["primary"]);
    // A second job starts attempt 2 while attempt 1 is still out; then attempt 1 is refused.
    await start(id, ["primary", "secondary"]);
    await recordAttemptError(t.db, { id, error: "ECONNREFUSED", refusedAttempt: 1 });
    expect(await start(id, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 3 });
  });

  it("moveAttempt moves only the current attempt of a message being sent", async () => {
    const id = await claimedMessage();
    await start(id, ["primary"]);
    expect(await moveAttempt(t.db, { id, attempt: 2, provider: "secondary" })).toBe(false);
    expect(await moveAttempt(t.db, { id, attempt: 1, provider: "secondary" })).toBe(true);
    expect((await getMessage(t.db, id))?.provider).toBe("secondary");
  });

  it("a retried failed message stays bound unless its last attempt was refused", async () => {
    const bound = await claimedMessage();
    await start(bound, ["primary"]);
    await markFailed(t.db, [{ id: bound, error: "timeout (gave up)" }]);
    await retryFailed(t.db, bound, "ops");
    await claimPending(t.db, 1, "bulk");
    expect(await start(bound, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 1 });

    const refused = await claimedMessage();
    await start(refused, ["primary"]);
    await markFailed(t.db, [{ id: refused, error: "ECONNREFUSED (gave up)", refusedAttempt: 1 }]);
    await retryFailed(t.db, refused, "ops");
    await claimPending(t.db, 1, "bulk");
    expect(await start(refused, ["primary", "secondary"])).toEqual({
      provider: "secondary",
      free: true,
      attempts: 1,
    });
  });
});

describe("undoAttempt: an attempt that made no request is taken back", () => {
  it("costs no attempt; a free one forgets its provider, a bound one keeps it", async () => {
    const free = await claimedMessage();
    await start(free, ["primary"]);
    expect(await undoAttempt(t.db, free, 2)).toBe(false);
    expect(await undoAttempt(t.db, free, 1)).toBe(true);
    expect(await getMessage(t.db, free)).toMatchObject({ attempts: 0, provider: null, status: "sending" });
    // The next start reads the row as before: free, and drawn afresh.
    expect(await start(free, ["secondary"])).toEqual({ provider: "secondary", free: true, attempts: 1 });

    const bound = await claimedMessage();
    await start(bound, ["primary"]);
    await recordAttemptError(t.db, { id: bound, error: "timeout" });
    await start(bound, ["secondary"]);
    expect(await undoAttempt(t.db, bound, 2)).toBe(true);
    expect(await getMessage(t.db, bound)).toMatchObject({ attempts: 1, provider: "primary" });
    expect(await start(bound, ["secondary"])).toEqual({ provider: "primary", free: false, attempts: 2 });
  });
});
