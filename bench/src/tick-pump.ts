import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@dispatcher/db";
import type { DispatcherQueues } from "@dispatcher/redis";

export interface TickPump {
  /** Stops adding ticks; resolves with how many it added. */
  stop: () => Promise<number>;
}

/**
 * Keeps the send queue fed so the tick interval is never the bottleneck: every `checkMs` it adds
 * one tick job (the same job the scheduler adds) when no tick is waiting or running and fewer than
 * `batchSize` send jobs are waiting. The worker's tick processor then claims the next batch at once
 * instead of at the scheduler's next interval. At most about two batches are ever claimed and
 * unsent, so no claimed message goes stale (ORPHAN_AFTER_MS) during a run. It forgets the last
 * claiming tick's time before each tick it adds, so the tick's turn (claimTickTurn, one claim per
 * interval in production) does not hold it back: the bench measures sending, not the pace.
 */
export function startTickPump(
  queues: DispatcherQueues,
  db: Db,
  options: { batchSize: number; checkMs?: number },
): TickPump {
  let stopped = false;
  let added = 0;
  const loop = (async () => {
    while (!stopped) {
      const [send, tick] = await Promise.all([
        queues.send.getJobCounts("waiting", "prioritized"),
        queues.tick.getJobCounts("waiting", "active"),
      ]);
      const ticksPending = (tick.waiting ?? 0) + (tick.active ?? 0);
      const sendsWaiting = (send.waiting ?? 0) + (send.prioritized ?? 0);
      if (ticksPending === 0 && sendsWaiting < options.batchSize) {
        await db.updateTable("lanes").set({ lastTickAt: null }).execute();
        await queues.tick.add(
          "tick",
          {},
          { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
        );
        added++;
      }
      await sleep(options.checkMs ?? 50);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return added;
    },
  };
}
