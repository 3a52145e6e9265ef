import type { LaneClaim } from "@dispatcher/db";
import { claimSpan } from "@dispatcher/telemetry";
import type { JobsOptions } from "bullmq";
import { enqueueSends, type SendQueue } from "./enqueue-sends.js";

/** What one claim (a tick's or an arrival's) took, as enqueueClaims sends it on. */
export interface ClaimToEnqueue {
  /** Each lane's claimed ids, ahead lanes' jobs going to the head of the send queue. */
  lanes: readonly LaneClaim[];
  /** The trace context stored with each claimed message that has one. */
  traceContexts: ReadonlyMap<number, string>;
  /** The content limit in force (the stored messageMaxLength). */
  maxLength: number;
}

/**
 * Gives each claimed message its claim span (tracing on: in its own trace, see claimSpan) and
 * enqueues one send job each, in one round trip (see enqueueSends): an ahead lane's at the head
 * of the send queue, the others' at its tail. A failure leaves the messages claimed without a job:
 * a later tick's orphan sweep enqueues them.
 */
export async function enqueueClaims(
  queue: SendQueue,
  claim: ClaimToEnqueue,
  options: JobsOptions,
): Promise<void> {
  const traceparents = new Map<number, string>();
  for (const lane of claim.lanes) {
    for (const id of lane.ids) {
      const traceparent = claimSpan({
        id,
        priority: lane.name,
        traceparent: claim.traceContexts.get(id) ?? null,
      });
      if (traceparent) traceparents.set(id, traceparent);
    }
  }
  await enqueueSends(queue, {
    ahead: claim.lanes.filter((l) => l.ahead).flatMap((l) => l.ids),
    behind: claim.lanes.filter((l) => !l.ahead).flatMap((l) => l.ids),
    options,
    maxLength: claim.maxLength,
    traceparents,
  });
}
