import { type SendJobData, type SendJobResult, sendJobId } from "@dispatcher/core";
import type { JobsOptions, Queue } from "bullmq";

/** The send queue, as the tick fills it. */
export type SendQueue = Queue<SendJobData, SendJobResult>;

/**
 * Adds one send job per message (`jobId = msg-<id>`) in one round trip, each carrying the content
 * limit `maxLength` in force and, with tracing on, its claim span's `traceparents` entry. Existing
 * jobs are kept. The jobs of `ahead` (a transactional batch)
 * go to the head of the send queue, before every job waiting there, in the order given; those of
 * `ids` go to its tail. Both cost the same (BullMQ's `lifo` pushes at the other end of the list).
 */
export async function enqueueSends(
  queue: SendQueue,
  ids: readonly number[],
  options: JobsOptions,
  maxLength: number | undefined,
  ahead: readonly number[] = [],
  traceparents: ReadonlyMap<number, string> = new Map(),
): Promise<void> {
  if (ids.length === 0 && ahead.length === 0) return;
  const job = (id: number, lifo: boolean) => ({
    name: "send",
    data: {
      messageId: id,
      ...(maxLength === undefined ? {} : { maxLength }),
      ...(traceparents.has(id) ? { traceparent: traceparents.get(id) } : {}),
    },
    opts: { ...options, jobId: sendJobId(id), ...(lifo ? { lifo } : {}) },
  });
  // Each head push lands before the previous one: push the last first, so the first is at the head.
  await queue.addBulk([
    ...[...ahead].reverse().map((id) => job(id, true)),
    ...ids.map((id) => job(id, false)),
  ]);
}
