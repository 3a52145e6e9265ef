import { type SendJobData, type SendJobResult, sendJobId } from "@dispatcher/core";
import type { JobsOptions, Queue } from "bullmq";

/** The send queue, as the tick fills it. */
export type SendQueue = Queue<SendJobData, SendJobResult>;

/**
 * Adds one send job per message (`jobId = msg-<id>`) in one round trip, each carrying the content
 * limit `maxLength` in force. Existing jobs are kept.
 */
export async function enqueueSends(
  queue: SendQueue,
  ids: number[],
  options: JobsOptions,
  maxLength: number | undefined,
): Promise<void> {
  if (ids.length === 0) return;
  await queue.addBulk(
    ids.map((id) => ({
      name: "send",
      data: maxLength === undefined ? { messageId: id } : { messageId: id, maxLength },
      opts: { ...options, jobId: sendJobId(id) },
    })),
  );
}
