import { sendJobId } from "@dispatcher/core";
import { type Db, findStaleClaimed, touchClaimed } from "@dispatcher/db";
import { claimSpan } from "@dispatcher/telemetry";
import type { JobsOptions } from "bullmq";
import { enqueueSends, type SendQueue } from "./enqueue-sends.js";

/**
 * Finds claimed messages untouched for `olderThanMs` (at most `limit`) whose send job is gone
 * (Redis lost it) or finished without recording an outcome, and enqueues them again. A job that
 * is still waiting, delayed or active is left alone; the job of a message of an `ahead` lane goes
 * to the head of the queue, as the tick puts it. The message's conditional transitions make a repeated
 * job harmless. Returns how many were enqueued.
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
  const stale = await findStaleClaimed(deps.db, new Date(Date.now() - deps.olderThanMs), deps.limit);
  if (stale.length === 0) return 0;
  const states = await Promise.all(stale.map(({ id }) => deps.queue.getJobState(sendJobId(id))));
  const orphans: typeof stale = [];
  for (const [i, state] of states.entries()) {
    const message = stale[i]!;
    if (state === "unknown") orphans.push(message);
    else if (state === "completed" || state === "failed") {
      await deps.queue.remove(sendJobId(message.id));
      orphans.push(message);
    }
  }
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
  await touchClaimed(
    deps.db,
    stale.map(({ id }) => id),
  );
  return orphans.length;
}
