import type { TickJobData, TickJobResult } from "@dispatcher/core";
import { type ClaimRoom, claimArrivals, claimTick, type Db, type LaneClaim } from "@dispatcher/db";
import { roomInWindow, sendQueueDepth } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import { tickSpan } from "@dispatcher/telemetry";
import type { Job, JobsOptions } from "bullmq";
import { enqueueClaims } from "./enqueue-claims.js";
import type { SendQueue } from "./enqueue-sends.js";
import { requeueOrphans } from "./orphan-sweep.js";

export interface TickDeps {
  db: Db;
  sendQueue: SendQueue;
  logger: Logger;
  /** Options of each send job (attempts, backoff). */
  sendJobOptions: JobsOptions;
  /** A claimed message untouched this long has its job checked (see requeueOrphans). */
  orphanAfterMs: number;
  /**
   * Most send jobs left waiting in Redis after a claim of the non-ahead lanes; ahead lanes may
   * fill up to twice it (see roomInWindow). Infinity claims whole batches whatever waits.
   */
  sendWindow: number;
}

/**
 * One dispatch tick. Reads how many send jobs wait in Redis (sendQueueDepth, O(1)); for each lane
 * whose turn it is, claims up to the lane's batch of its oldest due pending messages, cut to the
 * room left in the send window (roomInWindow), in one transaction (claimTick: a tick that finds
 * the dispatcher stopped, or no lane's turn due or room for it, does nothing); then, for the lanes
 * that send on arrival, claims what their wake-ups left (a wake-up lost, a budget spent, a
 * scheduled message come due) within their budgets and the room left (claimArrivals); enqueues
 * one send job each (carrying the stored content limit), an `ahead` lane's at the head of the
 * send queue, ahead of the sends waiting there; then runs the orphan sweep: claimed messages whose
 * job is gone are enqueued again (a failed sweep is logged, and fails neither this tick nor the
 * next). A crash between claim and enqueue leaves the messages claimed; a later tick's sweep
 * enqueues them. With tracing on, the tick is a `dispatch.tick` span, and each claimed message
 * gets a claim span in its own trace (claimSpan), whose context its send job carries.
 */
export function createTickJob(deps: TickDeps) {
  return (job: Job<TickJobData, TickJobResult>): Promise<TickJobResult> =>
    tickSpan({ id: job.id }, () => runTick(deps, job));
}

/** The room a claim of `lanes` leaves of `room` (an ahead lane's claim uses up both kinds). */
function roomLeft(room: ClaimRoom, lanes: readonly LaneClaim[]): ClaimRoom {
  const ahead = lanes.filter((l) => l.ahead).reduce((n, l) => n + l.ids.length, 0);
  const all = lanes.reduce((n, l) => n + l.ids.length, 0);
  return { ahead: room.ahead - ahead, behind: room.behind - all };
}

async function runTick(deps: TickDeps, job: Job<TickJobData, TickJobResult>): Promise<TickJobResult> {
  const room = Number.isFinite(deps.sendWindow)
    ? roomInWindow(await sendQueueDepth(deps.sendQueue), deps.sendWindow)
    : undefined;
  const claim = await claimTick(deps.db, room);
  const arrivals = await claimArrivals(deps.db, room && claim ? roomLeft(room, claim.lanes) : room);
  const arrived = arrivals?.lanes.filter((l) => l.ids.length > 0) ?? [];
  const maxLength = claim?.state.messageMaxLength ?? arrivals?.messageMaxLength;
  if (maxLength === undefined || (!claim && arrived.length === 0)) {
    deps.logger.debug(
      { jobId: job.id, room },
      "tick skipped: dispatcher stopped, not this tick's turn, or no room in the send window (see claimTick)",
    );
    return { ran: false, claimed: 0, requeued: 0 };
  }
  const lanes = [...(claim?.lanes ?? []), ...arrived];
  const ids = lanes.flatMap((l) => l.ids);
  await enqueueClaims(
    deps.sendQueue,
    {
      lanes,
      traceContexts: new Map([...(claim?.traceContexts ?? []), ...(arrivals?.traceContexts ?? [])]),
      maxLength,
    },
    deps.sendJobOptions,
  );
  // A failed sweep fails neither this tick (its claims are enqueued) nor the next: the messages
  // it found are marked checked first, so the next sweep moves on to others.
  const requeued = await requeueOrphans({
    db: deps.db,
    queue: deps.sendQueue,
    olderThanMs: deps.orphanAfterMs,
    limit: Math.max(100, ...lanes.map((l) => l.ids.length)),
    jobOptions: deps.sendJobOptions,
    maxLength,
    aheadLanes: new Set(lanes.filter((l) => l.ahead).map((l) => l.name)),
  }).catch((error: unknown) => {
    deps.logger.warn({ jobId: job.id, err: error }, "orphan sweep failed; the next tick sweeps again");
    return 0;
  });
  const turns = [...(claim?.turns ?? []), ...arrived.map((l) => l.name)];
  if (ids.length > 0 || requeued > 0) {
    deps.logger.info(
      {
        jobId: job.id,
        claimed: ids.length,
        ...Object.fromEntries(lanes.filter((l) => l.ids.length > 0).map((l) => [l.name, l.ids.length])),
        lanes: turns,
        requeued,
      },
      "tick",
    );
  }
  return {
    ran: true,
    claimed: ids.length,
    requeued,
    ...(claim ? { claimedAt: claim.claimedAt.toISOString() } : {}),
    lanes: turns,
  };
}
