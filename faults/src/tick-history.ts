import type { TickJobResult } from "@dispatcher/core";
import { createDispatcherQueues, createRedisConnection } from "@dispatcher/redis";

/**
 * One tick job that ran: when it started (the worker's clock), and when it claimed, on Postgres's
 * clock (the clock the pace is kept by), or null when it was no lane's turn; and whose turns it took.
 */
export interface TickRun {
  at: number;
  claimedAt: number | null;
  lanes: string[];
}

/**
 * Watches a stack's tick queue from outside: samples how many tick jobs wait delayed (the
 * scheduler's next one), and reads back the ticks that ran. `stop` closes its connection.
 */
export function watchTicks(redisUrl: string, prefix: string) {
  const connection = createRedisConnection(redisUrl, "client");
  const queues = createDispatcherQueues({ connection, prefix });
  const delayedSamples: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  return {
    queues,
    /** Samples the delayed tick jobs every `everyMs` until stopped. */
    sample(everyMs: number) {
      timer = setInterval(() => {
        queues.tick.getDelayedCount().then(
          (n) => delayedSamples.push(n),
          () => {},
        );
      }, everyMs);
    },
    delayedSamples,
    /** Every tick job kept in the completed set (the last 100), oldest first. */
    async runs(): Promise<TickRun[]> {
      const jobs = await queues.tick.getCompleted(0, 200);
      return jobs
        .filter((j) => j.processedOn !== undefined)
        .map((j) => {
          const result = j.returnvalue as TickJobResult | undefined;
          return {
            at: j.processedOn!,
            claimedAt: result?.claimedAt ? Date.parse(result.claimedAt) : null,
            lanes: result?.lanes ?? [],
          };
        })
        .sort((a, b) => a.at - b.at);
    },
    async stop() {
      clearInterval(timer);
      await queues.close();
      connection.disconnect();
    },
  };
}

/** The gaps between consecutive times, in ms. */
export function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}
