import {
  changeDispatcherState,
  type Database,
  type DispatcherChange,
  type DispatcherState,
  getDispatcherState,
  type Kysely,
} from "@dispatcher/db";
import type { DispatcherQueues } from "./dispatcher-queues.js";
import { applyDispatcherState, type Drift } from "./scheduler-control.js";

export interface DispatcherControlDeps {
  db: Kysely<Database>;
  queues: DispatcherQueues;
}

/** What a convergence found and did. */
export interface Convergence {
  /** The stored state Redis now matches. */
  state: DispatcherState;
  /** The switches that had drifted and were set back (empty when Redis matched already). */
  drift: Drift[];
  /** Milliseconds of provider pause cleared (0 when there was none to clear). */
  clearedPauseMs: number;
}

/** How often a convergence re-applies when the stored state keeps changing under it. */
const MAX_CONVERGE_ROUNDS = 5;

/**
 * Brings Redis to the stored state, starting from `state` (read by the caller), and holds no
 * lock while it talks to Redis. After applying, it reads the stored version again: a change that
 * committed meanwhile (from another API instance) is applied too, so concurrent changes and
 * convergences all end with Redis matching the latest stored state. Redis commands are bounded
 * by the connection's commandTimeout; an error leaves the rest to the next convergence.
 */
export async function convergeDispatcher(
  deps: DispatcherControlDeps,
  state: DispatcherState,
): Promise<Convergence> {
  const drift = new Set<Drift>();
  let clearedPauseMs = 0;
  let current = state;
  for (let round = 0; round < MAX_CONVERGE_ROUNDS; round++) {
    const applied = await applyDispatcherState(deps.queues, current);
    for (const d of applied.drift) drift.add(d);
    clearedPauseMs += applied.clearedPauseMs;
    const latest = await getDispatcherState(deps.db);
    if (!latest || latest.version === current.version) break;
    current = latest;
  }
  return { state: current, drift: [...drift], clearedPauseMs };
}

/**
 * Changes the dispatcher (start, stop, pace, content limit) for every worker: stores and audits
 * the change in Postgres and commits it, then converges Redis (scheduler, queue pauses, provider
 * pause). Concurrent requests from several API instances end in the last committed one's state.
 * If Redis cannot be reached the change stays stored and this throws; the reconcile loop applies
 * it once Redis answers.
 */
export async function changeDispatcher(
  deps: DispatcherControlDeps,
  change: DispatcherChange,
  actor: string,
): Promise<Convergence & { changed: boolean }> {
  const { state, changed } = await changeDispatcherState(deps.db, change, actor);
  return { ...(await convergeDispatcher(deps, state)), changed };
}

/**
 * Re-applies the stored state to Redis (after Redis lost its data, or a switch was flipped from
 * the dashboard, say). Reads the state without a lock, so a slow Redis never holds a Postgres
 * connection or the state row.
 */
export async function reconcileDispatcher(deps: DispatcherControlDeps): Promise<Convergence> {
  const state = await getDispatcherState(deps.db);
  if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
  return convergeDispatcher(deps, state);
}
