import type { Queue } from "bullmq";

/**
 * How many jobs wait in Redis for a worker: not yet taken (the wait and paused lists, the
 * prioritized set) or waiting out a retry's backoff (the delayed set). One round trip of LLEN and
 * ZCARD, O(1) whatever the queue's length.
 */
export async function sendQueueDepth(queue: Queue): Promise<number> {
  const client = await queue.getBackend().client;
  const replies =
    (await client
      .pipeline()
      .llen(queue.toKey("wait"))
      .llen(queue.toKey("paused"))
      .runCommand("zcard", [queue.toKey("prioritized")])
      .runCommand("zcard", [queue.toKey("delayed")])
      .exec()) ?? [];
  let depth = 0;
  for (const [error, count] of replies) {
    if (error) throw error;
    depth += Number(count);
  }
  return depth;
}

/**
 * How many messages a tick may claim, by kind of lane, to keep the send jobs waiting in Redis
 * within `window`: the other lanes up to the window, ahead lanes up to twice it (a window of
 * their own beyond the other lanes', so a window full of bulk jobs never holds them back).
 * Never negative.
 */
export function roomInWindow(depth: number, window: number): { ahead: number; behind: number } {
  return { ahead: Math.max(0, 2 * window - depth), behind: Math.max(0, window - depth) };
}
