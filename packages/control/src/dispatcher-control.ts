import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  changeDispatcherState,
  type Db,
  type DispatcherChange,
  type DispatcherState,
  getDispatcherState,
  listLanes,
} from "@dispatcher/db";
import { applyDispatcherState, type DispatcherQueues, type Drift } from "@dispatcher/redis";

export interface DispatcherControlDeps {
  db: Db;
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
  /**
   * Whom the audit names for the cleared pause: the operator whose start or stop cleared it
   * (`providerPauseClearedBy`), or `system` for a pause no provider asked for.
   */
  clearedBy: string;
}

/** How often a convergence re-applies when the stored state keeps changing under it. */
const MAX_CONVERGE_ROUNDS = 5;
/** The convergence lock's lifetime: a holder that died frees it after this long. */
const LOCK_TTL_MS = 10_000;
/** How long a convergence waits for another one to finish before it gives up. */
const LOCK_WAIT_MS = 10_000;

const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * Runs `fn` while holding the convergence lock in Redis, so convergences from every API instance
 * and the reconcile loops take turns. Waits up to LOCK_WAIT_MS for a turn; throws after that.
 */
async function withConvergenceLock<T>(queues: DispatcherQueues, fn: () => Promise<T>): Promise<T> {
  const key = queues.tick.toKey("converge-lock");
  const token = randomUUID();
  const release = () => queues.redis.eval(RELEASE, 1, key, token).catch(() => {});
  const deadline = Date.now() + LOCK_WAIT_MS;
  try {
    while ((await queues.redis.set(key, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
      if (Date.now() > deadline) {
        throw new Error(`another convergence held the lock for over ${LOCK_WAIT_MS} ms`);
      }
      await sleep(25);
    }
  } catch (error) {
    // A timed-out SET may still run once Redis answers again; the release queued behind it on
    // the same connection then takes the lock back off, so it never outlives us.
    void release();
    throw error;
  }
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * Brings Redis to the latest stored state. Convergences take turns (a lock in Redis) and each
 * reads the stored state only once it has its turn, so one that started earlier can never apply
 * an older state over a newer one: after a stop is answered, no convergence resumes sending. It
 * holds no Postgres lock or connection while it talks to Redis. If a change commits while it
 * applies, it applies that one too (checked by the state's version); after MAX_CONVERGE_ROUNDS
 * it gives up and throws, leaving the rest to the next convergence. Redis commands are bounded
 * by the connection's commandTimeout.
 */
export async function convergeDispatcher(deps: DispatcherControlDeps): Promise<Convergence> {
  return withConvergenceLock(deps.queues, async () => {
    const drift = new Set<Drift>();
    let clearedPauseMs = 0;
    let clearedBy = "system";
    let current = await requireState(deps.db);
    for (let round = 0; round < MAX_CONVERGE_ROUNDS; round++) {
      const laneIntervalsMs = (await listLanes(deps.db)).map((lane) => lane.intervalMs);
      const applied = await applyDispatcherState(deps.queues, { ...current, laneIntervalsMs });
      for (const d of applied.drift) drift.add(d);
      clearedPauseMs += applied.clearedPauseMs;
      if (applied.clearedForOperator) clearedBy = current.providerPauseClearedBy ?? "system";
      const latest = await requireState(deps.db);
      if (latest.version === current.version)
        return { state: current, drift: [...drift], clearedPauseMs, clearedBy };
      current = latest;
    }
    throw new Error(`the stored state kept changing over ${MAX_CONVERGE_ROUNDS} convergence rounds`);
  });
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
  const { changed } = await changeDispatcherState(deps.db, change, actor);
  return { ...(await convergeDispatcher(deps)), changed };
}

/**
 * Re-applies the stored state to Redis (after Redis lost its data, or a switch was flipped from
 * the dashboard, say). Reads the state without a lock on its row, so a slow Redis never holds a
 * Postgres connection or the state row.
 */
export async function reconcileDispatcher(deps: DispatcherControlDeps): Promise<Convergence> {
  return convergeDispatcher(deps);
}

async function requireState(db: Db): Promise<DispatcherState> {
  const state = await getDispatcherState(db);
  if (!state) throw new Error("dispatcher state is missing: the API seeds it at start");
  return state;
}
