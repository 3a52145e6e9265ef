/**
 * A pass of housekeeping the workers run on a BullMQ job scheduler: once every `everyMs` across
 * all workers, whichever takes the job. A pass must be safe to run twice at once (a slow pass and
 * the next one): each works through its rows with SKIP LOCKED or an idempotent statement.
 */
export interface HousekeepingJob {
  /** Its scheduler's id and its jobs' name, in the housekeeping queue. */
  name: string;
  everyMs: number;
  /** Runs one pass; answers what it did, by kind of row (logged when anything was done). */
  run: () => Promise<Record<string, number>>;
}

/**
 * Runs `batch` (which handles up to `size` rows and says how many it did) until a run does fewer
 * than `size`; returns the total. A pass works through a backlog one bounded statement at a time,
 * so none holds many row locks at once.
 */
export async function inBatches(size: number, batch: (size: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await batch(size);
    total += done;
    if (done < size) return total;
  }
}
