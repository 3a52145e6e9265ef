import { claimPending, insertMessages } from "@dispatcher/db";
import { createTestDatabase, type TestDatabase } from "@dispatcher/db/testing";
import { createRedisConnection, createSentCache, type RedisConnection } from "@dispatcher/redis";
import { testQueuePrefix } from "@dispatcher/test-setup";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMessageStore } from "../src/send/message-store.js";

let t: TestDatabase;
let redis: RedisConnection;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseUrl"));
  redis = createRedisConnection(inject("redisUrl"), "client");
});
afterAll(async () => {
  redis.disconnect();
  await t?.drop();
});

describe("the message store's batched writes", () => {
  it("concurrent sends share statements, and each gets its own answer", async () => {
    const statements: string[] = [];
    const rows = await insertMessages(
      t.db,
      Array.from({ length: 5 }, (_, i) => ({ recipient: `+9055544${String(40_000 + i)}`, content: `b${i}` })),
    );
    await claimPending(t.db, 5, "bulk");
    const cache = createSentCache(redis, { prefix: testQueuePrefix(), ttlSeconds: 60 });
    const writes = createMessageStore({
      db: t.db.withPlugin({
        transformQuery: (args) => {
          statements.push(args.node.kind);
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
      cache,
      maxSize: 50,
      maxInFlight: 2,
      candidates: () => ({ names: ["primary"], weights: [1] }),
    });
    const ids = rows.map((r) => r.id);
    const started = await Promise.all([...ids, ids[0]!].map(writes.startAttempt));
    // Five rows and a second job for the first message in the same batch: only one may send it.
    expect(started.map((m) => m?.id)).toEqual([...ids, undefined]);
    const sentAt = new Date();
    const recorded = await Promise.all(
      ids.map((id) => writes.recordSent({ id, providerMessageId: `p${id}`, sentAt })),
    );
    expect(recorded).toEqual([true, true, true, true, true]);
    // Recording again changes nothing.
    expect(await writes.recordSent({ id: ids[0]!, providerMessageId: "again", sentAt })).toBe(false);
    await Promise.all(ids.map((id) => writes.cacheSent({ id, providerMessageId: `p${id}`, sentAt })));
    expect((await cache.lookup(ids)).size).toBe(5);
    // One statement for the five starts, one for the five sends, one for the repeat.
    expect(statements.length).toBe(3);
  });
});
