import { type Db, purgeExpiredIntakeKeys } from "@dispatcher/db";
import { type HousekeepingJob, inBatches } from "../housekeeping/housekeeping-job.js";

/** Keys deleted per statement. */
const PURGE_BATCH = 1_000;

/** Every 10 minutes, deletes the intake Idempotency-Keys past their time (see purgeExpiredIntakeKeys). */
export function purgeIntakeKeysJob(db: Db): HousekeepingJob {
  return {
    name: "purge-intake-keys",
    everyMs: 600_000,
    run: async () => ({
      deleted: await inBatches(PURGE_BATCH, (limit) => purgeExpiredIntakeKeys(db, limit)),
    }),
  };
}
