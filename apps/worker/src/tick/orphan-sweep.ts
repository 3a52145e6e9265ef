import { sendJobId } from "@dispatcher/core";
import { type Db, findStaleClaimed, touchClaimed } from "@dispatcher/db";
import { readJobPresence } from "@dispatcher/redis";
import { claimSpan } from "@dispatcher/telemetry";
import type { JobsOptions } from "bullmq";
import { enqueueSends, type SendQueue } from "./enqueue-sends.js";

/** Most claimed messages one sweep checks, whatever the tick claimed. */
export const ORPHAN_SWEEP_MAX = 2_000;

/**
 * Finds claimed messages untouched for `olderThanMs` (at most `limit`, and at most
 * ORPHAN_SWEEP_MAX) whose send job is gone (Redis lost it) or finished without recording an
 * outcome, and enqueues them again. A job that is still waiting, delayed or active is left alone;
 * the job of a message of an `ahead` lane goes to the head of the queue, as the tick puts it. The
 * message's conditional transitions make a repeated job harmless. Every message found is marked
 * checked (touchClaimed) before Redis is asked, so a sweep that fails or stalls is not repeated
 * on the same messages before `olderThanMs` has passed again. Each job costs O(1) in Redis
 * (readJobPresence, one pipeline), whatever the queue's length. Returns how many were enqueued.
 */
export async function requeueOrphans(deps: {
  db: Db;
  queue: SendQueue;
  olderThanMs: number;
  limit: number;
  jobOptions: JobsOptions;
  maxLength: number;
  /** The lanes whose jobs go ahead (see Lane.ahead). */
  aheadLanes: ReadonlySet<string>;
}): Promise<number> {
  const limit = Math.min(deps.limit, ORPHAN_SWEEP_MAX);
  const stale = await findStaleClaimed(deps.db, new Date(Date.now() - deps.olderThanMs), limit);
  if (stale.length === 0) return 0;
  await touchClaimed(
    deps.db,
    stale.map(({ id }) => id),
  );
  const presence = await readJobPresence(
    deps.queue,
    stale.map(({ id }) => sendJobId(id)),
  );
  const orphans = stale.filter((_, i) => presence[i] !== "live");
  // A finished job keeps its id and would make the new add a no-op: remove it first (O(1) for a
  // finished job: it is found in the completed or failed set).
  const finished = stale.filter((_, i) => presence[i] === "finished");
  await Promise.all(finished.map(({ id }) => deps.queue.remove(sendJobId(id))));
  const isAhead = (o: (typeof orphans)[number]) => deps.aheadLanes.has(o.priority);
  // With tracing on, each orphan's new claim joins its message's trace again.
  const traceparents = new Map<number, string>();
  for (const orphan of orphans) {
    const traceparent = claimSpan({
      id: orphan.id,
      priority: orphan.priority,
      traceparent: orphan.traceContext,
    });
    if (traceparent) traceparents.set(orphan.id, traceparent);
  }
  await enqueueSends(deps.queue, {
    ahead: orphans.filter(isAhead).map((o) => o.id),
    behind: orphans.filter((o) => !isAhead(o)).map((o) => o.id),
    options: deps.jobOptions,
    maxLength: deps.maxLength,
    traceparents,
  });
  return orphans.length;
}
