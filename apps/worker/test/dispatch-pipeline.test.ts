import {
  addOptOut,
  changeProtection,
  getMessage,
  getOptOut,
  putNumberRule,
  setCountryRule,
} from "@dispatcher/db";
import { createRedisConnection, createSentCache } from "@dispatcher/redis";
import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("send pipeline", () => {
  it("a tick sends the oldest batch: each message reaches the provider once and is recorded sent", async () => {
    h = await startHarness({ batchSize: 2 });
    const ids = await h.addMessages(3);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["sent", "sent", "pending"]));
    const { counters, received } = await h.received();
    expect(counters).toMatchObject({ requests: 2, accepted: 2, duplicates: 0 });
    const first = await getMessage(h.db, ids[0]!);
    expect(received.map((r) => r.idempotencyKey)).toContain(first!.idempotencyKey);
    expect(first!.providerMessageId).toBe(
      received.find((r) => r.idempotencyKey === first!.idempotencyKey)!.messageId,
    );
    expect(first!.sentAt).toBeInstanceOf(Date);
  });

  it("caches each sent message's messageId and sentAt in Redis", async () => {
    h = await startHarness({});
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    const redis = createRedisConnection(inject("redisUrl"), "client");
    const cached = await createSentCache(redis, { prefix: h.prefix, ttlSeconds: 1 }).lookup([id!]);
    redis.disconnect();
    const row = await getMessage(h.db, id!);
    expect(cached.get(id!)).toEqual({ providerMessageId: row!.providerMessageId, sentAt: row!.sentAt });
  });

  it("a 5xx then a 202 ends sent, with the same Idempotency-Key on both attempts", async () => {
    h = await startHarness({});
    await h.setSwitches({ failNext: 1, failStatus: 503 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    const row = await getMessage(h.db, id!);
    expect(row).toMatchObject({ attempts: 2, status: "sent" });
    const { counters, received } = await h.received();
    expect(counters).toMatchObject({ requests: 2, rejected: 1, accepted: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.idempotencyKey).toBe(row!.idempotencyKey);
  });

  it("a 400 fails that message at once and does not block the next one", async () => {
    h = await startHarness({ batchSize: 2 });
    await h.setSwitches({ failRecipients: { "+905550000001": 400 } });
    const ids = await h.addMessages(2, (i) => `+90555000000${i + 1}`);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["failed", "sent"]));
    const failed = await getMessage(h.db, ids[0]!);
    expect(failed).toMatchObject({ attempts: 1, providerMessageId: null });
    expect(failed!.lastError).toMatch(/400/);
  });

  it("a retryable error on every attempt fails the message after SEND_ATTEMPTS", async () => {
    h = await startHarness({ sendAttempts: 3 });
    await h.setSwitches({ failStatus: 500, failRate: 1 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["failed"]));
    const row = await getMessage(h.db, id!);
    expect(row).toMatchObject({ attempts: 3 });
    expect(row!.lastError).toMatch(/500.*gave up after 3 attempts/);
    expect((await h.received()).counters.requests).toBe(3);
  });

  it("a 429 waits for Retry-After before the next attempt", async () => {
    h = await startHarness({ sendBackoffMs: 10 });
    await h.setSwitches({ failNext: 1, failStatus: 429, retryAfterSeconds: 1 });
    const [id] = await h.addMessages(1);
    const started = Date.now();
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    const { received } = await h.received();
    // The only accepted request came after the 1 s the provider asked for (backoff alone is 10 ms).
    expect(Date.parse(received[0]!.firstReceivedAt) - started).toBeGreaterThanOrEqual(950);
  });

  it("a message its country's or its number's rule blocks fails without a provider call; the others are sent", async () => {
    h = await startHarness({ batchSize: 4 });
    // Stored before the rules were set (or by hand): the worker checks again before sending.
    const numbers = ["+14155552671", "+905551111111", "+905552222222", "+4915123456789"];
    const ids = await h.addMessages(4, (i) => numbers[i]!);
    await changeProtection(h.db, { defaultCountryAction: "block", actor: "ops" });
    await setCountryRule(h.db, { country: "TR", action: "allow", actor: "ops" });
    await setCountryRule(h.db, { country: "DE", action: "monitor", actor: "ops" });
    await putNumberRule(h.db, { number: "+905552222222", action: "block", until: null, actor: "ops" });
    // Every worker reads the rules within PROVIDER_ROUTING_REFRESH_MS (200 ms here).
    await new Promise((resolve) => setTimeout(resolve, 600));
    await h.tick();
    await eventually(async () =>
      expect(await h!.statuses(ids)).toEqual(["failed", "sent", "failed", "sent"]),
    );
    expect((await getMessage(h.db, ids[0]!))!.lastError).toBe(
      "refused by the pumping guard (country_blocked): every other country: block (the number is of US)",
    );
    expect((await getMessage(h.db, ids[2]!))!.lastError).toBe(
      "refused by the pumping guard (number_blocked): number +90555***2222: block",
    );
    expect((await h.received()).counters.requests).toBe(2);
  });

  it("a message to a number on the suppression list fails without a provider call", async () => {
    h = await startHarness({ batchSize: 2 });
    const ids = await h.addMessages(2, (i) => (i === 0 ? "+905551111111" : "+905552222222"));
    // Suppressed after intake accepted it: the worker checks again before sending.
    await addOptOut(h.db, {
      recipient: "+905551111111",
      reason: "asked by phone",
      source: "operator",
      actor: "ops",
    });
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["failed", "sent"]));
    expect((await getMessage(h.db, ids[0]!))!.lastError).toBe(
      "recipient is on the suppression list: asked by phone",
    );
    expect((await h.received()).counters.requests).toBe(1);
  });

  it("a provider answer that means 'opted out' fails the message and suppresses the number; other 4xx do not", async () => {
    h = await startHarness({ batchSize: 2, optOutAnswer: { status: 400, code: "21610" } });
    await h.setSwitches({
      failRecipients: { "+905551111111": 400, "+905552222222": 400 },
      errorBody: '{"code":21610,"message":"recipient unsubscribed"}',
    });
    const [optedOut] = await h.addMessages(1, () => "+905551111111");
    await h.tick();
    await eventually(async () => expect(await h!.statuses([optedOut!])).toEqual(["failed"]));
    expect((await getMessage(h.db, optedOut!))!.lastError).toMatch(
      /^recipient opted out at the provider: .*21610/,
    );
    expect(await getOptOut(h.db, "+905551111111")).toMatchObject({
      source: "provider",
      actor: "provider",
      detail: "21610",
    });

    await h.setSwitches({ errorBody: '{"code":30003,"message":"unreachable handset"}' });
    const [refused] = await h.addMessages(1, () => "+905552222222");
    await h.tick();
    await eventually(async () => expect(await h!.statuses([refused!])).toEqual(["failed"]));
    expect((await getMessage(h.db, refused!))!.lastError).toMatch(/400.*30003/);
    expect(await getOptOut(h.db, "+905552222222")).toBeUndefined();
  });

  it("a message whose expiresAt passes after its claim ends expired without a provider call", async () => {
    h = await startHarness({ batchSize: 2 });
    const [id] = await h.addMessages(1);
    await h.queues.send.pause();
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["queued"]));
    await sql`update messages set expires_at = now() - interval '1 second' where id = ${id}`.execute(h.db);
    await h.queues.send.resume();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["expired"]));
    expect((await getMessage(h.db, id!))!.lastError).toMatch(/^expired unsent at /);
    expect((await h.received()).counters.requests).toBe(0);
  });

  it("a message whose expiresAt passes after an attempt its provider may have taken ends failed, saying so", async () => {
    h = await startHarness({ sendBackoffMs: 1_500 });
    // A 503 is an unclear answer: the provider may have taken it, so the message stays bound to it.
    await h.setSwitches({ failNext: 1, failStatus: 503 });
    const [id] = await h.addMessages(1);
    await sql`update messages set expires_at = now() + interval '1 second' where id = ${id}`.execute(h.db);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["failed"]), 10_000);
    expect((await getMessage(h.db, id!))!.lastError).toMatch(
      /^expired at \S+ after an attempt primary may have taken/,
    );
    expect((await h.received()).counters.requests).toBe(1);
  });

  it("eight ticks at once on two workers claim one batch (the pace holds), and every message is sent once", async () => {
    h = await startHarness({ workers: 2, batchSize: 5 });
    const ids = await h.addMessages(40);
    await h.db.updateTable("lanes").set({ lastTickAt: null }).execute();
    // Eight ticks at once across two workers, as a duplicated scheduler job or a start right after
    // a stop could run them: one claims, the others find the last claim too recent.
    await Promise.all(Array.from({ length: 8 }, () => h!.queues.tick.add("tick", {})));
    await eventually(async () =>
      expect((await h!.statuses(ids)).filter((s) => s === "sent")).toHaveLength(5),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.statuses(ids)).filter((s) => s !== "pending")).toHaveLength(5);
    // Each later turn claims the next batch; nothing is sent twice.
    for (let batch = 2; batch <= 8; batch++) {
      await h.tick();
      await eventually(async () =>
        expect((await h!.statuses(ids)).filter((s) => s === "sent")).toHaveLength(5 * batch),
      );
    }
    const { counters, received } = await h.received();
    expect(counters).toMatchObject({ requests: 40, accepted: 40, duplicates: 0 });
    expect(received.every((r) => r.requests === 1)).toBe(true);
  });

  it("a duplicate send job for a message already sent makes no provider call", async () => {
    h = await startHarness({});
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    const job = await h.queues.send.add("send", { messageId: id!, maxLength: 160 }, { jobId: `dup-${id}` });
    await eventually(async () => expect(await job.getState()).toBe("completed"));
    expect(job.id).toBe(`dup-${id}`);
    expect((await h.queues.send.getJob(`dup-${id}`))?.returnvalue).toEqual({
      outcome: "skipped",
      reason: "not claimed",
    });
    expect((await h.received()).counters.requests).toBe(1);
  });

  it("claimed messages whose job is gone are enqueued again by a later tick", async () => {
    h = await startHarness({ orphanAfterMs: 1_000, batchSize: 1 });
    const ids = await h.addMessages(3);
    // Claimed two minutes ago, as if the worker died before enqueuing or Redis lost the jobs.
    await sql`update messages set status = 'queued', queued_at = now() - interval '2 minutes',
              updated_at = now() - interval '2 minutes' where id = any(${ids.slice(0, 2)})`.execute(h.db);
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["sent", "sent", "sent"]));
    expect((await h.received()).counters).toMatchObject({ accepted: 3, duplicates: 0 });
  });
});

describe("start and stop", () => {
  it("stop means no provider call on later ticks, and start resumes", async () => {
    h = await startHarness({});
    await h.setState({ running: true, lanes: { bulk: { intervalMs: 1_000, batchSize: 1 } } });
    const ids = await h.addMessages(6);
    await eventually(async () =>
      expect((await h!.statuses(ids)).filter((s) => s === "sent").length).toBeGreaterThan(0),
    );
    await h.setState({ running: false });
    // Let anything already running finish, then watch three intervals go by.
    await new Promise((r) => setTimeout(r, 500));
    const before = (await h.received()).counters.requests;
    const pendingBefore = (await h.statuses(ids)).filter((s) => s === "pending").length;
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await h.received()).counters.requests).toBe(before);
    expect((await h.statuses(ids)).filter((s) => s === "pending").length).toBe(pendingBefore);
    expect(pendingBefore).toBeGreaterThan(0);

    await h.setState({ running: true });
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 20_000);
    expect((await h.received()).counters).toMatchObject({ accepted: 6, duplicates: 0 });
  });
});
