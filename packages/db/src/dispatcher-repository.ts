import { DEFAULT_PACE, MESSAGE_PRIORITIES, type MessagePriority } from "@dispatcher/core";
import { sql, type Transaction } from "kysely";
import type { Database, Db, DispatcherEvent, DispatcherEventKind, DispatcherState } from "./database.js";
import { claimPendingMessages } from "./message-repository.js";

/**
 * The dispatcher's desired state as a fresh deploy stores it. Postgres is its source of truth;
 * Redis is converged to it.
 */
export interface DispatcherSettings {
  running: boolean;
  /** The bulk lane's pace. */
  intervalMs: number;
  batchSize: number;
  /** The transactional lane's pace; the schema's defaults (DEFAULT_TRANSACTIONAL_PACE) when left out. */
  transactionalIntervalMs?: number;
  transactionalBatchSize?: number;
  /** Most characters a message's content may have (intake and every worker). Default 160. */
  messageMaxLength?: number;
}

/** What a change sets; what it leaves out keeps its stored value. */
export interface DispatcherChange {
  running?: boolean;
  intervalMs?: number;
  batchSize?: number;
  transactionalIntervalMs?: number;
  transactionalBatchSize?: number;
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
        transactionalIntervalMs: inserted.transactionalIntervalMs,
        transactionalBatchSize: inserted.transactionalBatchSize,
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

/** What a tick that had a lane's turn claimed: the state it read, its batches, and when (Postgres's clock). */
export interface TickClaim {
  state: DispatcherState;
  /** Claimed message ids per lane, in due order (see claimPending); empty for a lane whose turn it was not. */
  lanes: Record<MessagePriority, number[]>;
  /** The lanes whose turn this tick took. */
  turns: MessagePriority[];
  /** Every claimed id, transactional first: the order their send jobs are enqueued in. */
  ids: number[];
  claimedAt: Date;
  /** The trace context stored with each claimed message that has one (see claimSpan). */
  traceContexts: ReadonlyMap<number, string>;
}

/** A lane's pace and turn, as columns of dispatcher_state. */
const LANE_COLUMNS = {
  transactional: {
    intervalMs: "transactionalIntervalMs",
    batchSize: "transactionalBatchSize",
    lastTickAt: "transactionalLastTickAt",
  },
  bulk: { intervalMs: "intervalMs", batchSize: "batchSize", lastTickAt: "lastTickAt" },
} as const satisfies Record<MessagePriority, Record<string, keyof DispatcherState>>;

/** `lane`'s pace as `state` stores it: `batchSize` messages every `intervalMs`. */
export function lanePace(
  state: Pick<
    DispatcherState,
    "intervalMs" | "batchSize" | "transactionalIntervalMs" | "transactionalBatchSize"
  >,
  lane: MessagePriority,
): { intervalMs: number; batchSize: number } {
  const columns = LANE_COLUMNS[lane];
  return { intervalMs: state[columns.intervalMs], batchSize: state[columns.batchSize] };
}

/**
 * Takes `lane`'s turn when it is due (see claimTick): moves its slot on and returns the state
 * row and Postgres's time, or undefined when the dispatcher is stopped or the turn is not due.
 */
async function takeLaneTurn(trx: Transaction<Database>, lane: MessagePriority) {
  const columns = LANE_COLUMNS[lane];
  const last = sql.ref(columns.lastTickAt);
  const interval = sql.ref(columns.intervalMs);
  const tolerance = sql`least(${interval} / 10, 1000) * interval '1 millisecond'`;
  const period = sql`${interval} * interval '1 millisecond'`;
  return trx
    .updateTable("dispatcherState")
    .set({
      [columns.lastTickAt]: sql<Date>`case
        when ${last} is null or ${last} > now() + ${period} then now()
        else greatest(${last} + ${period}, now() - ${tolerance}) end`,
    })
    .where("running", "=", true)
    .where(
      sql<boolean>`(${last} is null or ${last} > now() + ${period}
                    or now() >= ${last} + ${period} - ${tolerance})`,
    )
    .returning(sql<Date>`now()`.as("claimedAt"))
    .returningAll()
    .executeTakeFirst();
}

/**
 * One tick's claims, in one transaction: for each lane (transactional first), its turn, then its
 * batch (claimPending). A lane has its turn when the dispatcher runs and the lane's turn is due:
 * its `last_tick_at` (the turn's slot on a schedule of one per the lane's interval) is at most an
 * interval less a tolerance ago, the tolerance a tenth of the interval, at most 1 s. The next
 * slot is the later of the last slot plus an interval and now less the tolerance, so a tick that
 * ran late does not cost the next one its turn, and two claims of a lane are never closer than
 * its interval less twice the tolerance. Ticks run every the greatest common divisor of the lane
 * intervals (tickIntervalMs in @dispatcher/redis), so each lane's turn falls on a tick. A slot in the future by more than an interval (Postgres's clock
 * stepped back) is due at once. Of several ticks that run together (a start right after a stop,
 * a duplicated scheduler job, two workers) only one claims a lane's turn; if a claim fails, no
 * turn is taken. Returns undefined when no lane had its turn.
 */
export async function claimTick(db: Db): Promise<TickClaim | undefined> {
  return db.transaction().execute(async (trx) => {
    const lanes: Record<MessagePriority, number[]> = { transactional: [], bulk: [] };
    const traceContexts = new Map<number, string>();
    const turns: MessagePriority[] = [];
    let latest: (DispatcherState & { claimedAt: Date }) | undefined;
    for (const lane of MESSAGE_PRIORITIES) {
      const turn = await takeLaneTurn(trx, lane);
      if (!turn) continue;
      latest = turn;
      turns.push(lane);
      const claimed = await claimPendingMessages(trx, turn[LANE_COLUMNS[lane].batchSize], lane);
      lanes[lane] = claimed.map((m) => m.id);
      for (const m of claimed) if (m.traceContext) traceContexts.set(m.id, m.traceContext);
    }
    if (!latest) return undefined;
    const { claimedAt, ...state } = latest;
    const ids = MESSAGE_PRIORITIES.flatMap((lane) => lanes[lane]);
    return { state, lanes, turns, ids, claimedAt, traceContexts };
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
      transactionalIntervalMs: change.transactionalIntervalMs ?? current.transactionalIntervalMs,
      transactionalBatchSize: change.transactionalBatchSize ?? current.transactionalBatchSize,
      messageMaxLength: change.messageMaxLength ?? current.messageMaxLength,
    };
    const pick = (s: typeof next) => ({
      intervalMs: s.intervalMs,
      batchSize: s.batchSize,
      transactionalIntervalMs: s.transactionalIntervalMs,
      transactionalBatchSize: s.transactionalBatchSize,
      messageMaxLength: s.messageMaxLength,
    });
    const runningChanged = next.running !== current.running;
    const configChanged = Object.entries(pick(next)).some(
      ([key, value]) => current[key as keyof typeof next] !== value,
    );
    const changed = runningChanged || configChanged;
    if (!changed && !change.providerPauseClearedAt) return { state: current, changed };
    const state = await trx
      .updateTable("dispatcherState")
      .set((eb) => ({
        ...next,
        version: eb("version", "+", 1),
        ...(change.providerPauseClearedAt
          ? { providerPauseClearedAt: change.providerPauseClearedAt, providerPauseClearedBy: actor }
          : {}),
        ...(changed ? { updatedBy: actor, updatedAt: sql<Date>`now()` } : {}),
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (runningChanged) await recordEvent(trx, next.running ? "start" : "stop", actor, {});
    if (configChanged) {
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
