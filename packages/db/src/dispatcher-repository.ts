import { DEFAULT_PACE } from "@dispatcher/core";
import { sql, type Transaction } from "kysely";
import type { Database, Db, DispatcherEvent, DispatcherEventKind, DispatcherState } from "./database.js";
import { claimPending } from "./message-repository.js";

/**
 * The dispatcher's desired state as a fresh deploy stores it. Postgres is its source of truth;
 * Redis is converged to it.
 */
export interface DispatcherSettings {
  running: boolean;
  intervalMs: number;
  batchSize: number;
  /** Most characters a message's content may have (intake and every worker). Default 160. */
  messageMaxLength?: number;
}

/** What a change sets; what it leaves out keeps its stored value. */
export interface DispatcherChange {
  running?: boolean;
  intervalMs?: number;
  batchSize?: number;
  messageMaxLength?: number;
  /**
   * An operator's start or stop, at this time on Redis's clock (the clock provider pauses are
   * noted on): any provider pause asked for before it is cleared, now or by a later convergence
   * when the pause raced with it.
   */
  providerPauseClearedAt?: Date;
}

/**
 * Creates the state row on a fresh deploy and audits an auto-start; an existing row is kept as is
 * (state survives restarts), except that a content limit never stored (a deployment upgraded from
 * before it was stored) is set from the seed once, audited as a config change. Safe when several
 * processes boot at once. Returns the stored state.
 */
export async function seedDispatcherState(
  db: Db,
  seed: DispatcherSettings,
  actor: string,
): Promise<DispatcherState> {
  return db.transaction().execute(async (trx) => {
    const values = { ...seed, messageMaxLength: seed.messageMaxLength ?? DEFAULT_PACE.messageMaxLength };
    const inserted = await trx
      .insertInto("dispatcherState")
      .values({ id: 1, ...values, updatedBy: actor })
      .onConflict((oc) => oc.column("id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await recordEvent(trx, inserted.running ? "start" : "stop", actor, {
        reason: "initial state",
        ...values,
      });
      return inserted;
    }
    const unset = await trx
      .updateTable("dispatcherState")
      .set((eb) => ({ messageMaxLength: values.messageMaxLength, version: eb("version", "+", 1) }))
      .where("messageMaxLength", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (unset) {
      await recordEvent(trx, "config", actor, {
        reason: "content limit stored for the first time, from MESSAGE_MAX_LENGTH",
        to: { messageMaxLength: values.messageMaxLength },
      });
      return unset;
    }
    return trx.selectFrom("dispatcherState").selectAll().executeTakeFirstOrThrow();
  });
}

/** What a tick that had its turn claimed: the state it read, its batch, and when (Postgres's clock). */
export interface TickClaim {
  state: DispatcherState;
  /** Claimed message ids, oldest first (see claimPending). */
  ids: number[];
  claimedAt: Date;
}

/**
 * One tick's claim, in one transaction: its turn, then its batch (claimPending). A tick has its
 * turn when the dispatcher runs and the turn is due: `last_tick_at` (the turn's slot on a
 * schedule of one per interval) is at most an interval less a tolerance ago, the tolerance a
 * tenth of the interval, at most 1 s. The next slot is the later of the last slot plus an
 * interval and now less the tolerance, so a tick that ran late does not cost the next one its
 * turn, and two claims are never closer than the interval less twice the tolerance. A slot in the
 * future by more than an interval (Postgres's clock stepped back) is due at once. Of several
 * ticks that run together (a start right after a stop, a duplicated scheduler job, two workers)
 * only one claims; if the claim fails, the turn is not taken. Returns undefined when it is not
 * this tick's turn.
 */
export async function claimTick(db: Db): Promise<TickClaim | undefined> {
  return db.transaction().execute(async (trx) => {
    const tolerance = sql`least(interval_ms / 10, 1000) * interval '1 millisecond'`;
    const period = sql`interval_ms * interval '1 millisecond'`;
    const turn = await trx
      .updateTable("dispatcherState")
      .set({
        lastTickAt: sql<Date>`case
          when last_tick_at is null or last_tick_at > now() + ${period} then now()
          else greatest(last_tick_at + ${period}, now() - ${tolerance}) end`,
      })
      .where("running", "=", true)
      .where(
        sql<boolean>`(last_tick_at is null or last_tick_at > now() + ${period}
                      or now() >= last_tick_at + ${period} - ${tolerance})`,
      )
      .returning(sql<Date>`now()`.as("claimedAt"))
      .returningAll()
      .executeTakeFirst();
    if (!turn) return undefined;
    const { claimedAt, ...state } = turn;
    const ids = await claimPending(trx, state.batchSize);
    return { state, ids, claimedAt };
  });
}

/** The stored state, or undefined before the first API boot. */
export async function getDispatcherState(
  db: Db | Transaction<Database>,
): Promise<DispatcherState | undefined> {
  return db.selectFrom("dispatcherState").selectAll().executeTakeFirst();
}

/**
 * Stores a change under a row lock, so concurrent changes from several API instances are
 * serialised and the last one wins, and commits it. Writes one audit event per kind of change
 * (start, stop, config); a request that changes nothing writes none. Every stored change bumps
 * `version`. Redis is converged afterwards, outside the lock (see convergeDispatcher), so the
 * first tick after a start already reads `running`.
 */
export async function changeDispatcherState(
  db: Db,
  change: DispatcherChange,
  actor: string,
): Promise<{ state: DispatcherState; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("dispatcherState").selectAll().forUpdate().executeTakeFirstOrThrow();
    const next = {
      running: change.running ?? current.running,
      intervalMs: change.intervalMs ?? current.intervalMs,
      batchSize: change.batchSize ?? current.batchSize,
      messageMaxLength: change.messageMaxLength ?? current.messageMaxLength,
    };
    const runningChanged = next.running !== current.running;
    const configChanged =
      next.intervalMs !== current.intervalMs ||
      next.batchSize !== current.batchSize ||
      next.messageMaxLength !== current.messageMaxLength;
    const changed = runningChanged || configChanged;
    if (!changed && !change.providerPauseClearedAt) return { state: current, changed };
    const state = await trx
      .updateTable("dispatcherState")
      .set((eb) => ({
        ...next,
        version: eb("version", "+", 1),
        ...(change.providerPauseClearedAt ? { providerPauseClearedAt: change.providerPauseClearedAt } : {}),
        ...(changed ? { updatedBy: actor, updatedAt: sql<Date>`now()` } : {}),
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (runningChanged) await recordEvent(trx, next.running ? "start" : "stop", actor, {});
    if (configChanged) {
      const pick = (s: typeof next) => ({
        intervalMs: s.intervalMs,
        batchSize: s.batchSize,
        messageMaxLength: s.messageMaxLength,
      });
      await recordEvent(trx, "config", actor, { from: pick(current), to: pick(next) });
    }
    return { state, changed };
  });
}

/** Audits that `actor` cleared a provider pause that had `remainingMs` to run. */
export async function recordProviderPauseCleared(db: Db, actor: string, remainingMs: number): Promise<void> {
  await recordEvent(db, "provider-pause-cleared", actor, { remainingMs });
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

/** Adds one audit event (dispatcher_events). */
export async function recordEvent(
  trx: Db | Transaction<Database>,
  kind: DispatcherEventKind,
  actor: string,
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto("dispatcherEvents")
    .values({ kind, actor, details: JSON.stringify(details) })
    .execute();
}
