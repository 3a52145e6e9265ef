import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, DispatcherEvent, DispatcherEventKind, DispatcherState } from "./database.js";

type Db = Kysely<Database>;

/** The dispatcher's desired state. Postgres is its source of truth; Redis is converged to it. */
export interface DispatcherSettings {
  running: boolean;
  intervalMs: number;
  batchSize: number;
}

export interface DispatcherChange {
  running?: boolean;
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Creates the state row on a fresh deploy and audits an auto-start; an existing row is kept as is
 * (state survives restarts). Safe when several processes boot at once. Returns the stored state.
 */
export async function seedDispatcherState(
  db: Db,
  seed: DispatcherSettings,
  actor: string,
): Promise<DispatcherState> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("dispatcherState")
      .values({ id: 1, ...seed, updatedBy: actor })
      .onConflict((oc) => oc.column("id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await insertEvent(trx, inserted.running ? "start" : "stop", actor, {
        reason: "initial state",
        ...seed,
      });
      return inserted;
    }
    return trx.selectFrom("dispatcherState").selectAll().executeTakeFirstOrThrow();
  });
}

/** The stored state, or undefined before the first API boot. */
export async function getDispatcherState(
  db: Db | Transaction<Database>,
): Promise<DispatcherState | undefined> {
  return db.selectFrom("dispatcherState").selectAll().executeTakeFirst();
}

/**
 * Applies a change under a row lock, so concurrent changes from several API instances are
 * serialised and the last one wins. Writes one audit event per kind of change (start, stop, config);
 * a request that changes nothing writes none. `apply` runs inside the transaction with the new
 * state (to converge Redis); if it throws, nothing is stored.
 */
export async function changeDispatcherState(
  db: Db,
  change: DispatcherChange,
  actor: string,
  apply: (state: DispatcherState) => Promise<void>,
): Promise<{ state: DispatcherState; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("dispatcherState").selectAll().forUpdate().executeTakeFirstOrThrow();
    const next = {
      running: change.running ?? current.running,
      intervalMs: change.intervalMs ?? current.intervalMs,
      batchSize: change.batchSize ?? current.batchSize,
    };
    const runningChanged = next.running !== current.running;
    const configChanged = next.intervalMs !== current.intervalMs || next.batchSize !== current.batchSize;
    let state = current;
    if (runningChanged || configChanged) {
      state = await trx
        .updateTable("dispatcherState")
        .set({ ...next, updatedBy: actor, updatedAt: sql<Date>`now()` })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (runningChanged) await insertEvent(trx, next.running ? "start" : "stop", actor, {});
      if (configChanged) {
        await insertEvent(trx, "config", actor, {
          from: { intervalMs: current.intervalMs, batchSize: current.batchSize },
          to: { intervalMs: next.intervalMs, batchSize: next.batchSize },
        });
      }
    }
    await apply(state);
    return { state, changed: runningChanged || configChanged };
  });
}

/**
 * Runs `fn` with the stored state under the same row lock as changes, so no change commits
 * meanwhile and two callers never converge Redis at the same time.
 */
export async function withDispatcherStateLocked<T>(
  db: Db,
  fn: (state: DispatcherState) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const state = await trx.selectFrom("dispatcherState").selectAll().forUpdate().executeTakeFirstOrThrow();
    return fn(state);
  });
}

/** Audit events, newest first, before event id `before` when given. */
export async function listDispatcherEvents(
  db: Db,
  options: { limit: number; before?: number },
): Promise<DispatcherEvent[]> {
  let query = db.selectFrom("dispatcherEvents").selectAll();
  if (options.before !== undefined) query = query.where("id", "<", options.before);
  return query.orderBy("id", "desc").limit(options.limit).execute();
}

async function insertEvent(
  trx: Transaction<Database>,
  kind: DispatcherEventKind,
  actor: string,
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto("dispatcherEvents")
    .values({ kind, actor, details: JSON.stringify(details) })
    .execute();
}
