import { writeSync } from "node:fs";
import type { Db } from "@dispatcher/db";
import {
  createDispatchWorker,
  type DispatchWorkerOptions,
  type RoutedProvider,
  runWorkerProcess,
} from "@dispatcher/worker/process";

// The fault suite's worker: a real worker process (runWorkerProcess) whose database and provider
// adapters are wrapped to break it at an exact moment, by settings of its own:
// - FAULT_CRASH_AFTER_CLAIM=true: SIGKILL itself right after a claim that took messages commits,
//   before their send jobs are enqueued;
// - FAULT_BLOCK_EVENT_LOOP_MS=N: block the event loop N ms, once, right after the first provider
//   acceptance (before it is recorded);
// - FAULT_DELAY_BEFORE_SENT_WRITE_MS=N: wait N ms after every provider acceptance before it is recorded.
// Each announces itself in the log. See faults/src/fault-stack.ts (workerEnv) for how a scenario
// starts one.

const crashAfterClaim = process.env.FAULT_CRASH_AFTER_CLAIM === "true";
const blockEventLoopMs = Number(process.env.FAULT_BLOCK_EVENT_LOOP_MS ?? 0);
const delayBeforeSentWriteMs = Number(process.env.FAULT_DELAY_BEFORE_SENT_WRITE_MS ?? 0);

/** Writes a warn-level log line synchronously (the process may die on the next line). */
function warn(msg: string, fields: Record<string, unknown> = {}): void {
  writeSync(2, `${JSON.stringify({ level: 40, msg, ...fields })}\n`);
}

/** Whether `value` is what claimTick answers: a claim with the ids it took. */
function isClaim(value: unknown): value is { ids: number[] } {
  const claim = value as { ids?: unknown; lanes?: unknown; claimedAt?: unknown } | undefined;
  return Array.isArray(claim?.ids) && Array.isArray(claim?.lanes) && claim?.claimedAt instanceof Date;
}

/** `target`, with `key` replaced and every other method bound to it (Kysely keeps its state in private fields). */
function replacing<T extends object>(target: T, key: PropertyKey, value: unknown): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === key) return value;
      const member = Reflect.get(object, property, object);
      return typeof member === "function" ? member.bind(object) : member;
    },
  });
}

/** `db`, killing the process once a transaction that claimed messages has committed (claimTick's). */
function crashingAfterClaim(db: Db): Db {
  return replacing(db, "transaction", () => {
    const builder = db.transaction();
    return replacing(builder, "execute", async (work: Parameters<typeof builder.execute>[0]) => {
      const result = await builder.execute(work);
      if (isClaim(result) && result.ids.length > 0) {
        warn("FAULT_CRASH_AFTER_CLAIM: killing this worker after its claim", { claimed: result.ids });
        process.kill(process.pid, "SIGKILL");
      }
      return result;
    });
  });
}

/** `provider`, doing `afterAccepted` after each acceptance its adapter answers, before it is recorded. */
function afterEachAcceptance(provider: RoutedProvider, afterAccepted: () => Promise<void>): RoutedProvider {
  const { adapter } = provider;
  const send: typeof adapter.send = async (...args) => {
    const outcome = await adapter.send(...args);
    if (outcome.outcome === "accepted") await afterAccepted();
    return outcome;
  };
  return { ...provider, adapter: replacing(adapter, "send", send) };
}

let blockPending = blockEventLoopMs > 0;
async function afterAccepted(): Promise<void> {
  if (blockPending) {
    blockPending = false;
    warn("FAULT_BLOCK_EVENT_LOOP_MS: blocking the event loop", { ms: blockEventLoopMs });
    const until = Date.now() + blockEventLoopMs;
    while (Date.now() < until) {
      // Busy on purpose: nothing else in this process runs meanwhile, lock renewals included.
    }
  }
  if (delayBeforeSentWriteMs > 0) await new Promise((resolve) => setTimeout(resolve, delayBeforeSentWriteMs));
}

function withFaults(options: DispatchWorkerOptions): DispatchWorkerOptions {
  warn("FAULTS ON: this worker misbehaves on purpose (fault suite)", {
    crashAfterClaim,
    blockEventLoopMs,
    delayBeforeSentWriteMs,
  });
  const accepting = blockEventLoopMs > 0 || delayBeforeSentWriteMs > 0;
  return {
    ...options,
    db: crashAfterClaim ? crashingAfterClaim(options.db) : options.db,
    providers: accepting
      ? options.providers.map((p) => afterEachAcceptance(p, afterAccepted))
      : options.providers,
  };
}

await runWorkerProcess((options) => createDispatchWorker(withFaults(options)));
