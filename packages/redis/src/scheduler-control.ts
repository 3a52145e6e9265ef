import { TICK_SCHEDULER_ID } from "@dispatcher/core";
import type { DispatcherQueues } from "./dispatcher-queues.js";
import { clearProviderPause, type ProviderPause, readProviderPause } from "./provider-pause.js";

export interface ScheduleStatus {
  /** Whether the tick scheduler exists in Redis. */
  scheduled: boolean;
  intervalMs: number | null;
  /** When the next tick is due, or null when there is no scheduler. */
  nextRunAt: Date | null;
  /** Whether the send queue is paused (no new sends start). */
  sendPaused: boolean;
  /** Whether the tick queue is paused (no tick runs). */
  tickPaused: boolean;
  /** The provider pause in force, if any. */
  providerPause: ProviderPause | undefined;
}

/** What Redis holds right now for the dispatcher. */
export async function readScheduleStatus(queues: DispatcherQueues): Promise<ScheduleStatus> {
  const [scheduler, sendPaused, tickPaused, providerPause] = await Promise.all([
    queues.tick.getJobScheduler(TICK_SCHEDULER_ID),
    queues.send.isPaused(),
    queues.tick.isPaused(),
    readProviderPause(queues),
  ]);
  return {
    scheduled: scheduler !== undefined,
    intervalMs: scheduler?.every ?? null,
    nextRunAt: scheduler?.next ? new Date(scheduler.next) : null,
    sendPaused,
    tickPaused,
    providerPause,
  };
}

/** A Redis-side switch that differed from the stored state and was set back. */
export type Drift = "scheduler" | "send-queue-pause" | "tick-queue-pause" | "provider-pause";

/** What Redis is converged to: the part of the stored dispatcher state that lives in Redis. */
export interface DesiredSchedule {
  running: boolean;
  /** Every lane's interval, in ms. */
  laneIntervalsMs: readonly number[];
  /** When an operator last started or stopped (Redis's clock): a provider pause older is cleared. */
  providerPauseClearedAt: Date | null;
}

/** The shortest time between ticks, whatever the lane intervals. */
export const MIN_TICK_INTERVAL_MS = 100;

/**
 * How often ticks run: every the greatest common divisor of the lane intervals, so every lane's
 * turn falls on a tick and each lane claims on time (10 s and 2 min: every 10 s; 10 s and 11.5 s:
 * every 500 ms). At least MIN_TICK_INTERVAL_MS: below that, a lane's claim is at most that late,
 * which is within its tolerance (see claimTick), so no lane's pace slips either.
 */
export function tickIntervalMs(state: Pick<DesiredSchedule, "laneIntervalsMs">): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return Math.max(MIN_TICK_INTERVAL_MS, state.laneIntervalsMs.reduce(gcd, 0));
}

/**
 * Converges Redis to the stored `state`, changing only what differs, so it is cheap to call often
 * and safe to call from several API instances:
 * - running: the tick scheduler exists with `every = tickIntervalMs(state)` (BullMQ runs the
 *   first tick at once when it is created or its interval changes), and the send queue is resumed;
 * - stopped: the scheduler is removed and the send queue paused; sends already running finish;
 * - either way the tick queue is resumed (a tick of a stopped dispatcher does nothing, and a
 *   paused tick queue would silently stop a running one), and a provider pause is cleared when
 *   an operator started or stopped after the provider asked for it (both times on Redis's
 *   clock), or when no provider asked for it at all (a pause set from the dashboard).
 * Returns what it changed (empty when Redis already matched), how much provider pause it cleared,
 * in milliseconds, and whether it cleared it for an operator's start or stop (else: no provider
 * had asked for it).
 */
export async function applyDispatcherState(
  queues: DispatcherQueues,
  state: DesiredSchedule,
): Promise<{ drift: Drift[]; clearedPauseMs: number; clearedForOperator: boolean }> {
  const status = await readScheduleStatus(queues);
  const drift: Drift[] = [];
  if (status.tickPaused) {
    await queues.tick.resume();
    drift.push("tick-queue-pause");
  }
  if (state.running) {
    const every = tickIntervalMs(state);
    if (!status.scheduled || status.intervalMs !== every) {
      await queues.tick.upsertJobScheduler(
        TICK_SCHEDULER_ID,
        { every },
        {
          name: "tick",
          data: {},
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
        },
      );
      drift.push("scheduler");
    }
    if (status.sendPaused) {
      await queues.send.resume();
      drift.push("send-queue-pause");
    }
  } else {
    if (status.scheduled) {
      await queues.tick.removeJobScheduler(TICK_SCHEDULER_ID);
      drift.push("scheduler");
    }
    if (!status.sendPaused) {
      await queues.send.pause();
      drift.push("send-queue-pause");
    }
  }
  let clearedPauseMs = 0;
  let clearedForOperator = false;
  const pause = status.providerPause;
  const clearedAt = state.providerPauseClearedAt;
  if (pause && (pause.setAt === null || (clearedAt !== null && pause.setAt <= clearedAt))) {
    // Only the pause read above: a 429 that paused again meanwhile stands.
    clearedPauseMs = await clearProviderPause(queues, pause);
    if (clearedPauseMs > 0) drift.push("provider-pause");
    clearedForOperator = clearedPauseMs > 0 && pause.setAt !== null;
  }
  return { drift, clearedPauseMs, clearedForOperator };
}
