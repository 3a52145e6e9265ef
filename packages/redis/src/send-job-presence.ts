import type { Queue } from "bullmq";

/**
 * Where a job stands, as its own hash says: `gone` (no such job: never added, removed, or lost
 * with Redis), `finished` (completed or failed, still kept), or `live` (waiting, delayed or
 * active).
 */
export type JobPresence = "gone" | "finished" | "live";

/**
 * Each job's presence (see JobPresence), in the order of `jobIds`, read from the job hashes in
 * one pipeline of one HMGET per job: O(1) per job whatever the queue's length. Every job hash
 * BullMQ writes has `timestamp`; a finished one has `finishedOn`.
 */
export async function readJobPresence(queue: Queue, jobIds: readonly string[]): Promise<JobPresence[]> {
  if (jobIds.length === 0) return [];
  const client = await queue.getBackend().client;
  const pipeline = client.pipeline();
  for (const id of jobIds) pipeline.runCommand("hmget", [queue.toKey(id), "timestamp", "finishedOn"]);
  const replies = (await pipeline.exec()) ?? [];
  return jobIds.map((_, i) => {
    const [error, fields] = replies[i] ?? [new Error("no reply"), null];
    if (error) throw error;
    const [timestamp, finishedOn] = fields as (string | null)[];
    if (timestamp === null || timestamp === undefined) return "gone";
    return finishedOn ? "finished" : "live";
  });
}
