import { testQueuePrefix } from "@dispatcher/test-setup";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createDispatcherQueues,
  createRedisConnection,
  type DispatcherQueues,
  type RedisConnection,
  readJobPresence,
  roomInWindow,
  sendQueueDepth,
} from "../src/index.js";

let redis: RedisConnection;
let queues: DispatcherQueues;

beforeAll(() => {
  redis = createRedisConnection(inject("redisUrl"), "client");
  queues = createDispatcherQueues({ connection: redis, prefix: testQueuePrefix() });
});
afterAll(async () => {
  await queues.send.obliterate({ force: true });
  await queues.close();
  redis.disconnect();
});

const send = (id: number, opts: Record<string, unknown> = {}) => ({
  name: "send",
  data: { messageId: id, maxLength: 160 },
  opts: { jobId: `msg-${id}`, ...opts },
});

describe("sendQueueDepth", () => {
  it("counts the jobs waiting, prioritized, delayed and paused, not the finished ones", async () => {
    expect(await sendQueueDepth(queues.send)).toBe(0);
    await queues.send.addBulk([send(1), send(2), send(3, { priority: 1 }), send(4, { delay: 3_600_000 })]);
    expect(await sendQueueDepth(queues.send)).toBe(4);
    await queues.send.pause();
    expect(await sendQueueDepth(queues.send)).toBe(4);
    await queues.send.resume();
    await queues.send.remove("msg-2");
    expect(await sendQueueDepth(queues.send)).toBe(3);
    await queues.send.obliterate({ force: true });
  });
});

describe("roomInWindow", () => {
  it.each([
    { depth: 0, window: 100, ahead: 200, behind: 100 },
    { depth: 60, window: 100, ahead: 140, behind: 40 },
    { depth: 100, window: 100, ahead: 100, behind: 0 },
    { depth: 150, window: 100, ahead: 50, behind: 0 },
    { depth: 500, window: 100, ahead: 0, behind: 0 },
  ])("with $depth jobs waiting in a window of $window: ahead lanes $ahead, the others $behind", (row) => {
    expect(roomInWindow(row.depth, row.window)).toEqual({ ahead: row.ahead, behind: row.behind });
  });
});

describe("readJobPresence", () => {
  it("tells a waiting job from a finished one and from one that is gone", async () => {
    await queues.send.addBulk([send(11), send(12), send(13)]);
    const blocking = createRedisConnection(inject("redisUrl"), "blocking");
    const worker = new Worker(queues.send.name, null, {
      connection: blocking,
      prefix: queues.send.opts.prefix,
      autorun: false,
    });
    // Finish two of them by hand, keeping their hashes (completed and failed).
    const token = "t";
    const first = await worker.getNextJob(token);
    await first!.moveToCompleted("ok", token, false);
    const second = await worker.getNextJob(token);
    await second!.moveToFailed(new Error("refused"), token, false);
    await queues.send.add("send", { messageId: 14, maxLength: 160 }, { jobId: "msg-14" });
    await worker.close();
    blocking.disconnect();
    expect(await readJobPresence(queues.send, ["msg-11", "msg-12", "msg-14", "msg-99", "msg-13"])).toEqual([
      "finished",
      "finished",
      "live",
      "gone",
      "live",
    ]);
    expect(await readJobPresence(queues.send, [])).toEqual([]);
  });
});
