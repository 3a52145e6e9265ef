import { type SendJobData, type SendJobResult, sendJobId } from "@dispatcher/core";
import type { JobsOptions, Queue } from "bullmq";

/** The send queue, as the tick fills it. */
export type SendQueue = Queue<SendJobData, SendJobResult>;

/** The messages one enqueue adds, and what every job of theirs carries. */
export interface SendsToEnqueue {
  /** Messages whose jobs go to the head of the send queue (ahead lanes'), in order. */
  ahead: readonly number[];
  /** Messages whose jobs go to its tail, in order. */
  behind: readonly number[];
  /** Options of each job (attempts, backoff). */
  options: JobsOptions;
  /** The content limit in force (the stored messageMaxLength). */
  maxLength: number;
  /** With tracing on, each message's claim span's traceparent. */
  traceparents?: ReadonlyMap<number, string>;
}

/**
 * Adds one send job per message (`jobId = msg-<id>`) in one round trip, each carrying the content
 * limit and its traceparent. Existing jobs are kept. The jobs of `ahead` go to the head of the
 * send queue, before every job waiting there, in the order given; those of `behind` to its tail.
 * Both cost the same (BullMQ's `lifo` pushes at the other end of the list).
 */
export async function enqueueSends(queue: SendQueue, sends: SendsToEnqueue): Promise<void> {
  if (sends.ahead.length === 0 && sends.behind.length === 0) return;
  const job = (id: number, lifo: boolean) => {
    const traceparent = sends.traceparents?.get(id);
    return {
      name: "send",
      data: { messageId: id, maxLength: sends.maxLength, ...(traceparent ? { traceparent } : {}) },
      opts: { ...sends.options, jobId: sendJobId(id), ...(lifo ? { lifo } : {}) },
    };
  };
  // Each head push lands before the previous one: push the last first, so the first is at the head.
  await queue.addBulk([
    ...[...sends.ahead].reverse().map((id) => job(id, true)),
    ...sends.behind.map((id) => job(id, false)),
  ]);
}
