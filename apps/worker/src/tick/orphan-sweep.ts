import { sendJobId } from "@dispatcher/core";
import { type Db, findStaleClaimed, touchClaimed } from "@dispatcher/db";
import type { JobsOptions } from "bullmq";
import { enqueueSends, type SendQueue } from "./enqueue-sends.js";

/**
 * Finds claimed messages untouched for `olderThanMs` (at most `limit`) whose send job is gone
 * (Redis lost it) or finished without recording an outcome, and enqueues them again. A job that
 * is still waiting, delayed or active is left alone. The message's conditional transitions make a
 * repeated job harmless. Returns how many were enqueued.
 */
export async function requeueOrphans(deps: {
  db: Db;
  queue: SendQueue;
  olderThanMs: number;
  limit: number;
  jobOptions: JobsOptions;
  maxLength: number | undefined;
}): Promise<number> {
  const ids = await findStaleClaimed(deps.db, new Date(Date.now() - deps.olderThanMs), deps.limit);
  if (ids.length === 0) return 0;
  const states = await Promise.all(ids.map((id) => deps.queue.getJobState(sendJobId(id))));
  const orphans: number[] = [];
  for (const [i, state] of states.entries()) {
    const id = ids[i]!;
    if (state === "unknown") orphans.push(id);
    else if (state === "completed" || state === "failed") {
      await deps.queue.remove(sendJobId(id));
      orphans.push(id);
    }
  }
  await enqueueSends(deps.queue, orphans, deps.jobOptions, deps.maxLength);
  await touchClaimed(deps.db, ids);
  return orphans.length;
}
