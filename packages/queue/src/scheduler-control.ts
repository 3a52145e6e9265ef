import type { DispatcherSettings } from "@dispatcher/db";
import type { DispatcherQueues } from "./dispatcher-queues.js";
import { TICK_SCHEDULER_ID } from "./queue-names.js";

export interface ScheduleStatus {
  /** Whether the tick scheduler exists in Redis. */
  scheduled: boolean;
  intervalMs: number | null;
  /** When the next tick is due, or null when there is no scheduler. */
  nextRunAt: Date | null;
  /** Whether the send queue is paused (no new sends start). */
  sendPaused: boolean;
}

/** What Redis holds right now for the dispatcher. */
export async function readScheduleStatus(queues: DispatcherQueues): Promise<ScheduleStatus> {
  const [scheduler, sendPaused] = await Promise.all([
    queues.tick.getJobScheduler(TICK_SCHEDULER_ID),
    queues.send.isPaused(),
  ]);
  return {
    scheduled: scheduler !== undefined,
    intervalMs: scheduler?.every ?? null,
    nextRunAt: scheduler?.next ? new Date(scheduler.next) : null,
    sendPaused,
  };
}

/**
 * Converges Redis to `state`, changing only what differs, so it is cheap to call often and
 * safe to call from several API instances:
 * - running: the tick scheduler exists with `every = intervalMs` (BullMQ runs the first tick at once when it is
 *   created or its interval changes), and the send queue is resumed;
 * - stopped: the scheduler is removed and the send queue paused; sends already running finish.
 * Returns true when it changed anything.
 */
export async function applyDispatcherState(
  queues: DispatcherQueues,
  state: DispatcherSettings,
): Promise<boolean> {
  const status = await readScheduleStatus(queues);
  let changed = false;
  if (state.running) {
    if (!status.scheduled || status.intervalMs !== state.intervalMs) {
      await queues.tick.upsertJobScheduler(
        TICK_SCHEDULER_ID,
        { every: state.intervalMs },
        {
          name: "tick",
          data: {},
          opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
        },
      );
      changed = true;
    }
    if (status.sendPaused) {
      await queues.send.resume();
      changed = true;
    }
  } else {
    if (status.scheduled) {
      await queues.tick.removeJobScheduler(TICK_SCHEDULER_ID);
      changed = true;
    }
    if (!status.sendPaused) {
      await queues.send.pause();
      changed = true;
    }
  }
  return changed;
}
