import { type Db, eraseFinalMessages } from "@dispatcher/db";
import type { Logger } from "@dispatcher/runtime";
import type { HousekeepingJob } from "../housekeeping/housekeeping-job.js";

/** Messages erased per statement: each a few milliseconds' lock on that many rows (see docs/performance.md). */
const ERASE_BATCH = 2_000;

/**
 * The longest one pass goes on erasing, in ms: a backlog (retention turned on over a large table)
 * is worked through over several passes, so the other housekeeping passes, which share the
 * workers' one housekeeping consumer, are held up at most this long.
 */
const PASS_BUDGET_MS = 20_000;

/**
 * Every minute, erases the recipient and content of the final messages unchanged for
 * `retentionDays` days (see eraseFinalMessages), ERASE_BATCH at a time, each batch its own short
 * statement, for at most PASS_BUDGET_MS per pass. Logs each pass's progress: how many it erased,
 * and whether more remain for the next pass.
 */
export function eraseMessagesJob(
  db: Db,
  options: { retentionDays: number; logger: Logger },
): HousekeepingJob {
  const { retentionDays, logger } = options;
  return {
    name: "erase-messages",
    everyMs: 60_000,
    run: async () => {
      const started = performance.now();
      let erased = 0;
      let batches = 0;
      for (;;) {
        const done = await eraseFinalMessages(db, { olderThanDays: retentionDays, limit: ERASE_BATCH });
        erased += done;
        batches++;
        if (done < ERASE_BATCH) break;
        if (performance.now() - started >= PASS_BUDGET_MS) {
          logger.info(
            { job: "erase-messages", erased, batches, retentionDays },
            "erasure: more messages past their retention remain; the next pass goes on",
          );
          break;
        }
      }
      return { erased };
    },
  };
}
