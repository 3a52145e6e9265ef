import { eventually } from "@dispatcher/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { FAST_RECOVERY_WORKER_ENV } from "../src/fault-stack.js";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

// BullMQ #3765, Bull #1828: a job added again under an id whose old job is still retained is
// silently dropped. Manual retry and the orphan sweep reuse `msg-<id>`.

const startStack = useFaultStack();

describe("reusing a send job's id", () => {
  it("a retried failed message (its failed job retained) and an orphan (its completed job retained) are each sent once, promptly", async () => {
    const stack = await startStack({ workers: 2, apis: 1, batchSize: 50, apiKey: "faults-job-ids" });
    const started = Date.now();
    const doomed = "+905551000000";
    await stack.setSwitches({ failRecipients: { [doomed]: 400 } });
    await stack.insert(100);
    await stack.drained(60_000);
    const [failed] = await stack.db
      .selectFrom("messages")
      .select("id")
      .where("status", "=", "failed")
      .execute();
    expect(failed).toBeDefined();
    await stack.setSwitches({ failRecipients: {} });
    const retryAt = Date.now();
    expect((await stack.api("POST", `/api/v1/messages/${failed!.id}/retry`)).status).toBe(200);

    // A sent message whose `sent` write was lost: still claimed, its completed job retained.
    const [orphan] = await stack.db
      .selectFrom("messages")
      .select("id")
      .where("status", "=", "sent")
      .limit(1)
      .execute();
    await sql`update messages set status = 'sending', updated_at = now() - interval '1 minute'
              where id = ${orphan!.id}`.execute(stack.db);
    const orphanAt = Date.now();

    const sentWithin = async (id: number, since: number): Promise<number> => {
      let ms = 0;
      await eventually(
        async () => {
          const row = await stack.db
            .selectFrom("messages")
            .select("status")
            .where("id", "=", id)
            .executeTakeFirst();
          expect(row?.status).toBe("sent");
          ms = Date.now() - since;
        },
        Number(FAST_RECOVERY_WORKER_ENV.ORPHAN_AFTER_MS) + 5_000,
        50,
      );
      return ms;
    };
    const [retriedMs, orphanMs] = await Promise.all([
      sentWithin(failed!.id, retryAt),
      sentWithin(orphan!.id, orphanAt),
    ]);
    // Both within two intervals (the orphan's row was already stale): no job silently dropped.
    expect(retriedMs).toBeLessThanOrEqual(2_500);
    expect(orphanMs).toBeLessThanOrEqual(2_500);
    await finishScenario(stack, "22. job ids reused while old jobs are retained (BullMQ #3765)", started, {
      figure: () =>
        `retried failed message sent within ${retriedMs} ms; orphan with a retained completed job within ${orphanMs} ms`,
    });
  });
});
