import { HOUSEKEEPING_QUEUE } from "@dispatcher/core";
import { insertMessages, markSent, recordReceipt, setReceiptPolicy, startSending } from "@dispatcher/db";
import { ONE_PROVIDER } from "@dispatcher/db/testing";
import { createRedisConnection } from "@dispatcher/redis";
import { createLogger } from "@dispatcher/runtime";
import { eventually } from "@dispatcher/testing";
import { Queue } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startHousekeeping } from "../src/housekeeping/housekeeping-worker.js";
import { purgeIntakeKeysJob } from "../src/intake-keys/purge-intake-keys.js";
import { eraseMessagesJob } from "../src/retention/erase-messages.js";
import { createWorkerMetrics } from "../src/worker-metrics.js";
import { type Harness, startHarness } from "./harness.js";

// Housekeeping as the workers run it: one BullMQ job scheduler per pass, each pass run once per
// interval across every worker, against a real Postgres and Redis.

let h: Harness;
const metrics = createWorkerMetrics(["primary"]);
beforeAll(async () => {
  h = await startHarness({ workers: 2, metrics });
  await h.setState({ running: false });
});
afterAll(async () => {
  await h?.close();
});

/** A message recorded sent with provider id `providerId`, `agoMs` ago. */
async function sentMessage(providerId: string, agoMs = 0): Promise<number> {
  const [row] = await insertMessages(h.db, [{ recipient: "+905551111111", content: "x" }]);
  await sql`update messages set status = 'queued' where id = ${row!.id}`.execute(h.db);
  await startSending(h.db, [row!.id], ONE_PROVIDER);
  await markSent(h.db, [
    { id: row!.id, providerMessageId: providerId, sentAt: new Date(Date.now() - agoMs) },
  ]);
  return row!.id;
}
const deliveryStatus = async (id: number) =>
  (await h.db.selectFrom("messages").select("deliveryStatus").where("id", "=", id).executeTakeFirstOrThrow())
    .deliveryStatus;

describe("housekeeping schedulers", () => {
  it("two workers keep one scheduler per pass, and each pass runs once per interval", async () => {
    const schedulers = await eventually(async () => {
      const all = await h.queues.housekeeping.getJobSchedulers();
      expect(all).toHaveLength(4);
      return all;
    });
    expect(Object.fromEntries(schedulers.map((s) => [s.name, s.every]))).toEqual({
      "expire-messages": 5_000,
      "sweep-receipts": 5_000,
      "enqueue-open-callbacks": 5_000,
      "purge-intake-keys": 600_000,
    });
    const runs = await eventually(async () => {
      const done = (await h.queues.housekeeping.getJobs(["completed"])).filter(
        (job) => job.name === "expire-messages",
      );
      expect(done.length).toBeGreaterThanOrEqual(3);
      return done;
    }, 30_000);
    // One job per 5 s slot (its id ends with the slot's time), whichever worker took it: never one per worker.
    const slots = runs.map((job) => Number(job.id?.split(":").at(-1))).sort((a, b) => a - b);
    expect(slots.every((slot) => slot % 5_000 === 0)).toBe(true);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(4_000);
    expect(await metrics.registry.getSingleMetricAsString("dispatcher_housekeeping_passes_total")).toMatch(
      /job="expire-messages",outcome="ok"\} [1-9]/,
    );
  });
});

describe("the passes", () => {
  it("expiry ends a pending message past its expiresAt while the dispatcher is stopped", async () => {
    const [row] = await insertMessages(h.db, [
      { recipient: "+905551111111", content: "code 1", expiresAt: new Date(Date.now() + 500) },
    ]);
    const expired = await eventually(async () => {
      const m = await h.db
        .selectFrom("messages")
        .selectAll()
        .where("id", "=", row!.id)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe("expired");
      return m;
    }, 15_000);
    expect(expired.lastError).toMatch(/^expired unsent at /);
  });

  it("the receipt sweep applies an early receipt once its message is sent", async () => {
    await recordReceipt(h.db, { providerMessageId: "early-1", status: "delivered", at: new Date() });
    const id = await sentMessage("early-1");
    await eventually(async () => expect(await deliveryStatus(id)).toBe("delivered"), 15_000);
  });

  it("under the stored receipt policy a message with no receipt in time turns unknown, counted", async () => {
    await setReceiptPolicy(h.db, null);
    const id = await sentMessage("late-1", 120_000);
    // Receipts off: passes go by and it keeps no status.
    const passes = async () =>
      (await h.queues.housekeeping.getJobs(["completed"])).filter((job) => job.name === "sweep-receipts")
        .length;
    const before = await passes();
    await eventually(async () => expect(await passes()).toBeGreaterThan(before + 1), 20_000);
    expect(await deliveryStatus(id)).toBeNull();
    await setReceiptPolicy(h.db, { timeoutMs: 60_000 });
    await eventually(async () => expect(await deliveryStatus(id)).toBe("unknown"), 15_000);
    expect(
      await metrics.registry.getSingleMetricAsString("dispatcher_delivery_status_changes_total"),
    ).toMatch(/status="unknown"\} 1/);
  });

  it("a status callback noted over a minute ago and never tried gets its job", async () => {
    const id = await sentMessage("cb-1");
    const [callback] = await h.db
      .insertInto("statusCallbacks")
      .values({ messageId: id, status: "delivered", at: new Date() })
      .returning("id")
      .execute();
    await sql`update status_callbacks set created_at = now() - interval '2 minutes'`.execute(h.db);
    await eventually(async () => expect(await h.queues.callbacks.getJob(`cb-${callback!.id}`)).toBeDefined());
  });

  it("the intake-key purge deletes the keys past their time and keeps the others", async () => {
    await sql`insert into intake_keys (scope, key, request_hash, expires_at)
              values ('ops', 'old', 'h', now() - interval '1 second'),
                     ('ops', 'new', 'h', now() + interval '1 hour')`.execute(h.db);
    expect(await purgeIntakeKeysJob(h.db).run()).toEqual({ deleted: 1 });
    const left = await h.db.selectFrom("intakeKeys").select("key").execute();
    expect(left.map((k) => k.key)).toEqual(["new"]);
  });

  it("erasure takes the recipient and content of final messages past their retention, keeping the rest", async () => {
    const old = await sentMessage("erase-old");
    const recent = await sentMessage("erase-recent");
    await sql`update messages set updated_at = now() - interval '8 days' where id = ${old}`.execute(h.db);
    const logger = createLogger({ name: "test", level: "silent", pretty: false });
    const job = eraseMessagesJob(h.db, { retentionDays: 7, logger });
    expect(job.name).toBe("erase-messages");
    expect(await job.run()).toEqual({ erased: 1 });
    const rows = await h.db
      .selectFrom("messages")
      .select(["id", "recipient", "content", "status", "providerMessageId", "erasedAt"])
      .where("id", "in", [old, recent])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      {
        id: old,
        recipient: null,
        content: null,
        status: "sent",
        providerMessageId: "erase-old",
        erasedAt: expect.any(Date),
      },
      {
        id: recent,
        recipient: "+905551111111",
        content: "x",
        status: "sent",
        providerMessageId: "erase-recent",
        erasedAt: null,
      },
    ]);
    expect(await job.run()).toEqual({ erased: 0 });
  });
});

describe("startHousekeeping", () => {
  it("a failing pass is logged and counted, and the next one runs", async () => {
    const connection = createRedisConnection(inject("redisUrl"), "blocking");
    const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix: `${h.prefix}-failing` });
    let runs = 0;
    const outcomes: boolean[] = [];
    const housekeeping = startHousekeeping({
      queue,
      connection,
      prefix: `${h.prefix}-failing`,
      logger: createLogger({ name: "test", level: "silent", pretty: false }),
      onPass: (_, failed) => outcomes.push(failed),
      jobs: [
        {
          name: "flaky",
          everyMs: 1_000,
          run: async () => {
            runs++;
            if (runs === 1) throw new Error("the first pass fails");
            return { done: 1 };
          },
        },
      ],
    });
    try {
      await eventually(() => expect(outcomes.slice(0, 2)).toEqual([true, false]), 10_000);
    } finally {
      await housekeeping.close();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    }
  });
});
