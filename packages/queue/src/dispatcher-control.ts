import {
  changeDispatcherState,
  type Database,
  type DispatcherChange,
  type DispatcherState,
  type Kysely,
  withDispatcherStateLocked,
} from "@dispatcher/db";
import type { DispatcherQueues } from "./dispatcher-queues.js";
import { applyDispatcherState } from "./scheduler-control.js";

export interface DispatcherControlDeps {
  db: Kysely<Database>;
  queues: DispatcherQueues;
}

/**
 * Changes the dispatcher (start, stop, pace) for every worker: stores and audits the change in
 * Postgres and converges Redis (scheduler, send queue pause) in the same locked transaction, so
 * concurrent requests from several API instances end in the last one's state. A request that
 * changes nothing stores nothing and still re-applies the state to Redis.
 */
export async function changeDispatcher(
  deps: DispatcherControlDeps,
  change: DispatcherChange,
  actor: string,
): Promise<{ state: DispatcherState; changed: boolean }> {
  return changeDispatcherState(deps.db, change, actor, async (state) => {
    await applyDispatcherState(deps.queues, state);
  });
}

/**
 * Re-applies the stored state to Redis (after Redis lost its data, say). Returns true when Redis
 * had drifted and was changed. Serialised with changes by the state row's lock.
 */
export async function reconcileDispatcher(deps: DispatcherControlDeps): Promise<boolean> {
  return withDispatcherStateLocked(deps.db, (state) => applyDispatcherState(deps.queues, state));
}
