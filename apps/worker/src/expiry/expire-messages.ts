import { type Db, expireDue } from "@dispatcher/db";
import { type HousekeepingJob, inBatches } from "../housekeeping/housekeeping-job.js";

/** Messages expired per statement. */
const EXPIRY_BATCH = 1_000;

/**
 * Every 5 s, ends the pending messages past their `expiresAt` as `expired` (see expireDue),
 * whether the dispatcher runs or not, so a stopped dispatcher's lists show them expired too.
 */
export function expireMessagesJob(db: Db): HousekeepingJob {
  return {
    name: "expire-messages",
    everyMs: 5_000,
    run: async () => ({
      expired: await inBatches(EXPIRY_BATCH, async (limit) => (await expireDue(db, limit)).length),
    }),
  };
}
