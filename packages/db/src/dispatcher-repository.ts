import { BUILT_IN_LANES, DEFAULT_MESSAGE_MAX_LENGTH, type Lane } from "@dispatcher/core";
import { sql, type Transaction } from "kysely";
import type {
  Database,
  Db,
  DispatcherEvent,
  DispatcherEventKind,
  DispatcherState,
  StoredLane,
} from "./database.js";
import {
  type ClaimedMessage,
  type ClaimedRow,
  claimDue,
  claimPendingMessages,
  inDueOrder,
} from "./message-repository.js";

/**
 * The dispatcher's desired state as a fresh deploy stores it. Postgres is its source of truth;
 * Redis is converged to it.
 */
export interface DispatcherSettings {
  running: boolean;
  /** Most characters a message's content may have (intake and every worker). @defaultValue 160 */
  messageMaxLength?: number;
  /** The lanes and their paces: stored at the first boot, a lane named later when first seen. @defaultValue BUILT_IN_LANES */
  lanes?: readonly Lane[];
}

/** A lane's pace change: what it leaves out keeps its stored value. */
export interface PaceChange {
  intervalMs?: number;
  batchSize?: number;
}

/** What a change sets; what it leaves out keeps its stored value. */
export interface DispatcherChange {
  running?: boolean;
  messageMaxLength?: number;
  /** Pace changes by lane name; every name must be a stored lane (else UnknownLaneError). */
  lanes?: Readonly<Record<string, PaceChange>>;
  /**
   * An operator's start or stop, at this time on Redis's clock (the clock provider pauses are
   * noted on): any provider pause asked for before it is cleared, now or by a later convergence
   * when the pause raced with it.
   */
  providerPauseClearedAt?: Date;
}

/** A change named a lane that is not stored. */
export class UnknownLaneError extends Error {
  override readonly name = "UnknownLaneError";
  constructor(readonly lane: string) {
    super(`no lane named ${lane}`);
  }
}

/** The stored lanes, ahead ones first, then by name: the order ticks claim them in. */
export async function listLanes(db: Db | Transaction<Database>): Promise<StoredLane[]> {
  return db.selectFrom("lanes").selectAll().orderBy("ahead", "desc").orderBy("name").execute();
}

/**
 * Stores the state row on a fresh deploy, with `seed`'s lanes and paces, and audits an
 * auto-start; an existing row is kept as is (state survives restarts), and only a lane of `seed`
 * not stored yet is added (with its pace). Safe when several processes boot at once. Returns the
 * stored state.
 */
export async function seedDispatcherState(
  db: Db,
  seed: DispatcherSettings,
  actor: string,
): Promise<DispatcherState> {
  return db.transaction().execute(async (trx) => {
    const messageMaxLength = seed.messageMaxLength ?? DEFAULT_MESSAGE_MAX_LENGTH;
    const lanes = seed.lanes ?? BUILT_IN_LANES;
    const inserted = await trx
      .insertInto("dispatcherState")
      .values({ id: 1, running: seed.running, messageMaxLength, updatedBy: actor })
      .onConflict((oc) => oc.column("id").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (lanes.length > 0) {
      // In name order, as every writer of lanes locks them (see claimTick).
      const rows = [...lanes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((l) => ({ ...l, updatedBy: actor }));
      await trx
        .insertInto("lanes")
        .values(rows)
        .onConflict((oc) =>
          // A fresh deploy's paces replace the schema's; later boots add only new lanes.
          inserted
            ? oc.column("name").doUpdateSet({
                intervalMs: sql`excluded.interval_ms`,
                batchSize: sql`excluded.batch_size`,
                ahead: sql`excluded.ahead`,
                arrival: sql`excluded.arrival`,
              })
            : oc.column("name").doNothing(),
        )
        .execute();
    }
    if (inserted) {
      await recordEvent(trx, {
        kind: inserted.running ? "start" : "stop",
        actor,
        details: {
          reason: "initial state",
          messageMaxLength,
          lanes: Object.fromEntries(
            lanes.map((l) => [l.name, { intervalMs: l.intervalMs, batchSize: l.batchSize }]),
          ),
        },
      });
      return inserted;
    }
    return trx.selectFrom("dispatcherState").selectAll().executeTakeFirstOrThrow();
  });
}

/** One lane's part of a tick (see claimTick). */
export interface LaneClaim {
  name: string;
  ahead: boolean;
  /** Claimed message ids, in due order (see claimPending); empty when it was not the lane's turn. */
  ids: number[];
}

/** What a tick that had a lane's turn claimed: the state it read, its batches, and when (Postgres's clock). */
export interface TickClaim {
  state: DispatcherState;
  /** Every lane, ahead ones first (see listLanes), with what it claimed. */
  lanes: LaneClaim[];
  /** The lanes whose turn this tick took. */
  turns: string[];
  /** Every claimed id, ahead lanes' first: the order their send jobs are enqueued in. */
  ids: number[];
  claimedAt: Date;
  /** The trace context stored with each claimed message that has one (see claimSpan). */
  traceContexts: ReadonlyMap<number, string>;
}

/**
 * How many send jobs a tick may add, by kind of lane (see Lane.ahead): the room left in the send
 * queue's window (see roomInWindow in @dispatcher/redis).
 */
export interface ClaimRoom {
  /** Most messages ahead lanes may claim together this tick. */
  ahead: number;
  /** Most messages the other lanes may claim together this tick, after the ahead lanes' claims. */
  behind: number;
}

/**
 * One tick's claims, in one transaction: every lane whose turn it is takes it, then claims its
 * batch (claimPending), ahead lanes first, each batch cut to the room left (`room`, unlimited
 * when absent): an ahead lane's claim uses up room of both kinds, another lane's only its own. A
 * lane whose kind has no room left when the tick starts does not take its turn (it takes it on a
 * later tick with room), so backpressure never costs a lane more than the room. A lane has its
 * turn when the dispatcher runs and the lane's turn is due: its `last_tick_at` (the turn's slot on a schedule of one per the lane's
 * interval) is at most an interval less a tolerance ago, the tolerance a tenth of the interval,
 * at most 1 s. The next slot is the later of the last slot plus an interval and now less the
 * tolerance, so a tick that ran late does not cost the next one its turn, and two claims of a
 * lane are never closer than its interval less twice the tolerance. Ticks run every the
 * greatest common divisor of the lane intervals (tickIntervalMs in @dispatcher/redis), so each
 * lane's turn falls on a tick. A slot in the future by more than an interval (Postgres's clock
 * stepped back) is due at once. Of several ticks that run together (a start right after a stop,
 * a duplicated scheduler job, two workers) only one takes a lane's turn (it locks every lane, in
 * name order as every writer of lanes does, so it never deadlocks with a pace change); if a claim
 * fails, no turn is taken. Lanes that send on arrival take no turn here (see claimArrivals) and
 * are neither locked nor listed. Returns undefined when no lane had its turn.
 */
export async function claimTick(db: Db, room?: ClaimRoom): Promise<TickClaim | undefined> {
  const left = { ahead: room?.ahead ?? Infinity, behind: room?.behind ?? Infinity };
  // Kinds of lane (ahead or not) with room: a lane of another kind takes no turn.
  const kinds = [...(left.ahead > 0 ? [true] : []), ...(left.behind > 0 ? [false] : [])];
  if (kinds.length === 0) return undefined;
  return db.transaction().execute(async (trx) => {
    const period = sql`interval_ms * interval '1 millisecond'`;
    const tolerance = sql`least(interval_ms / 10, 1000) * interval '1 millisecond'`;
    const taken = await sql<{ name: string; batchSize: number; claimedAt: Date }>`
      update lanes
         set last_tick_at = case
               when last_tick_at is null or last_tick_at > now() + ${period} then now()
               else greatest(last_tick_at + ${period}, now() - ${tolerance}) end
       where name in (select name from lanes where not arrival order by name for no key update)
         and (select running from dispatcher_state where id = 1)
         and ahead = any(${kinds})
         and (last_tick_at is null or last_tick_at > now() + ${period}
              or now() >= last_tick_at + ${period} - ${tolerance})
      returning name, batch_size, now() as claimed_at`.execute(trx);
    if (taken.rows.length === 0) return undefined;
    const turns = new Map(taken.rows.map((row) => [row.name, row]));
    const lanes: LaneClaim[] = [];
    const traceContexts = new Map<number, string>();
    for (const lane of await listLanes(trx)) {
      if (lane.arrival) continue;
      const turn = turns.get(lane.name);
      const limit = Math.min(turn?.batchSize ?? 0, lane.ahead ? left.ahead : left.behind);
      const claimed = limit > 0 ? await claimPendingMessages(trx, limit, lane.name) : [];
      if (lane.ahead) left.ahead -= claimed.length;
      left.behind -= claimed.length;
      lanes.push({ name: lane.name, ahead: lane.ahead, ids: claimed.map((m) => m.id) });
      for (const m of claimed) if (m.traceContext) traceContexts.set(m.id, m.traceContext);
    }
    const state = await trx.selectFrom("dispatcherState").selectAll().executeTakeFirstOrThrow();
    return {
      state,
      lanes,
      turns: lanes.filter((l) => turns.has(l.name)).map((l) => l.name),
      ids: lanes.flatMap((l) => l.ids),
      claimedAt: taken.rows[0]!.claimedAt,
      traceContexts,
    };
  });
}

/** What claimArrivals claimed: each arrival lane's claim, the content limit, and the trace contexts. */
export interface ArrivalClaim {
  /** Each lane claimed from (the one asked for, or every arrival lane), in name order. */
  lanes: LaneClaim[];
  /** Every claimed id, in the order of `lanes`. */
  ids: number[];
  /** The stored messageMaxLength, read with the claim. */
  messageMaxLength: number;
  traceContexts: ReadonlyMap<number, string>;
}

/**
 * Claims the oldest due pending messages of the lanes that send on arrival (`lane`, or every
 * one), each within its budget: a token bucket refilled at the lane's `batchSize` per
 * `intervalMs` (continuously, on Postgres's clock) and holding at most `batchSize`, so no lane
 * claims more than `batchSize` at once or, over any time t, more than `batchSize` × (1 + t /
 * `intervalMs`). Each claim is also cut to `room` (an ahead lane's claim uses up room of both
 * kinds, as in claimTick). A lane's claim is one statement (claimArrivalLane): it locks the
 * lane's row, so claims from several workers and the tick are serialised per lane, and claims
 * the messages with SKIP LOCKED, so none is claimed twice; lanes are claimed in name order, one
 * at a time. Returns undefined when the dispatcher is stopped or no lane sends on arrival; a lane
 * without budget or room claims nothing and keeps its budget.
 */
export async function claimArrivals(
  db: Db,
  room?: ClaimRoom,
  lane?: string,
): Promise<ArrivalClaim | undefined> {
  const left = { ahead: room?.ahead ?? Infinity, behind: room?.behind ?? Infinity };
  const names =
    lane !== undefined
      ? [lane]
      : (
          await db.selectFrom("lanes").select("name").where("arrival", "=", true).orderBy("name").execute()
        ).map((l) => l.name);
  const claims: LaneClaim[] = [];
  const traceContexts = new Map<number, string>();
  let messageMaxLength: number | undefined;
  for (const name of names) {
    const claim = await claimArrivalLane(db, name, left);
    if (!claim) continue;
    messageMaxLength = claim.messageMaxLength;
    if (claim.ahead) left.ahead -= claim.claimed.length;
    left.behind -= claim.claimed.length;
    claims.push({ name, ahead: claim.ahead, ids: claim.claimed.map((m) => m.id) });
    for (const m of claim.claimed) if (m.traceContext) traceContexts.set(m.id, m.traceContext);
  }
  if (messageMaxLength === undefined) return undefined;
  return { lanes: claims, ids: claims.flatMap((c) => c.ids), messageMaxLength, traceContexts };
}

/**
 * One arrival lane's claim (see claimArrivals), in one statement: locks the lane's row, refills
 * its budget to now, claims up to the whole messages the budget holds (and `room` of the lane's
 * kind: an unlimited kind is Infinity), and stores what is left of the budget when it claimed
 * any. Undefined when the dispatcher is stopped or `lane` is not a stored arrival lane.
 */
async function claimArrivalLane(
  db: Db,
  lane: string,
  room: ClaimRoom,
): Promise<{ ahead: boolean; messageMaxLength: number; claimed: ClaimedMessage[] } | undefined> {
  const roomOf = (n: number) => (Number.isFinite(n) ? Math.max(0, n) : null);
  // Postgres reads the lane's row after the lock is granted (a claim that waited for another
  // sees the budget that one left), and the messages as of the statement's start: a message
  // another claim took meanwhile is skipped by SKIP LOCKED's recheck of its status. The state row
  // is read as of the statement's start too: a stop that commits while the claim waits for the
  // lane (another claim's few milliseconds) does not stop this claim, as one committing just after
  // it would not. FOR NO KEY UPDATE, not FOR UPDATE: claims still serialise with each other and
  // with pace changes, but not with the key-share lock each message insert takes on its lane.
  const refilled = sql`case when tokens is null or tokens_at is null then batch_size
    else tokens + greatest(0, extract(epoch from now() - tokens_at) * 1000) * batch_size / interval_ms end`;
  const result = await sql<{
    ahead: boolean;
    messageMaxLength: number;
    id: number | null;
    dueAt: Date | null;
    traceContext: string | null;
  }>`
    with lane as (
      select name, ahead, least(batch_size, ${refilled}) as budget,
             (select message_max_length from dispatcher_state where id = 1) as message_max_length
        from lanes
       where name = ${lane} and arrival and (select running from dispatcher_state where id = 1)
         for no key update
    ), claimed as (
      ${claimDue(
        lane,
        sql`(select least(floor(budget)::int, case when ahead then ${roomOf(room.ahead)}::int
                                                 else ${roomOf(room.behind)}::int end) from lane)`,
      )}
    ), spent as (
      update lanes
         set tokens = lane.budget - (select count(*) from claimed),
             tokens_at = greatest(lanes.tokens_at, now())
        from lane
       where lanes.name = lane.name and exists (select 1 from claimed)
    )
    select lane.ahead, lane.message_max_length, claimed.id, claimed.due_at, claimed.trace_context
      from lane left join claimed on true`.execute(db);
  const first = result.rows[0];
  if (!first) return undefined;
  const rows = result.rows.filter((r): r is typeof r & ClaimedRow => r.id !== null);
  return { ahead: first.ahead, messageMaxLength: first.messageMaxLength, claimed: inDueOrder(rows) };
}

/** The stored state, or undefined before the first API boot. */
export async function getDispatcherState(
  db: Db | Transaction<Database>,
): Promise<DispatcherState | undefined> {
  return db.selectFrom("dispatcherState").selectAll().executeTakeFirst();
}

/**
 * Stores a change under the state row's lock, so concurrent changes from several API instances
 * are serialised and the last one wins, and commits it. Writes one audit event per kind of
 * change (start, stop, config: the content limit and the lanes' paces, before and after); a
 * request that changes nothing writes none. Every stored change bumps `version`. Redis is
 * converged afterwards, outside the lock (see convergeDispatcher), so the first tick after a
 * start already reads `running`. Throws UnknownLaneError, storing nothing, for a lane not stored.
 */
export async function changeDispatcherState(
  db: Db,
  change: DispatcherChange,
  actor: string,
): Promise<{ state: DispatcherState; changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("dispatcherState").selectAll().forUpdate().executeTakeFirstOrThrow();
    const running = change.running ?? current.running;
    const messageMaxLength = change.messageMaxLength ?? current.messageMaxLength;
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    if (messageMaxLength !== current.messageMaxLength) {
      from.messageMaxLength = current.messageMaxLength;
      to.messageMaxLength = messageMaxLength;
    }
    const names = Object.keys(change.lanes ?? {});
    const stored =
      names.length === 0
        ? []
        : await trx
            .selectFrom("lanes")
            .selectAll()
            .where("name", "in", names)
            .orderBy("name")
            .forUpdate()
            .execute();
    for (const name of names) {
      const lane = stored.find((l) => l.name === name);
      if (!lane) throw new UnknownLaneError(name);
      const pace = change.lanes![name]!;
      const next = {
        intervalMs: pace.intervalMs ?? lane.intervalMs,
        batchSize: pace.batchSize ?? lane.batchSize,
      };
      if (next.intervalMs === lane.intervalMs && next.batchSize === lane.batchSize) continue;
      await trx
        .updateTable("lanes")
        .set({ ...next, updatedBy: actor, updatedAt: sql<Date>`now()` })
        .where("name", "=", name)
        .execute();
      from[name] = { intervalMs: lane.intervalMs, batchSize: lane.batchSize };
      to[name] = next;
    }
    const runningChanged = running !== current.running;
    const configChanged = Object.keys(to).length > 0;
    const changed = runningChanged || configChanged;
    if (!changed && !change.providerPauseClearedAt) return { state: current, changed };
    const state = await trx
      .updateTable("dispatcherState")
      .set((eb) => ({
        running,
        messageMaxLength,
        version: eb("version", "+", 1),
        ...(change.providerPauseClearedAt
          ? { providerPauseClearedAt: change.providerPauseClearedAt, providerPauseClearedBy: actor }
          : {}),
        ...(changed ? { updatedBy: actor, updatedAt: sql<Date>`now()` } : {}),
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (runningChanged) await recordEvent(trx, { kind: running ? "start" : "stop", actor, details: {} });
    if (configChanged) await recordEvent(trx, { kind: "config", actor, details: { from, to } });
    return { state, changed };
  });
}

/** Audits that `actor` cleared a provider pause that had `remainingMs` to run. */
export async function recordProviderPauseCleared(db: Db, actor: string, remainingMs: number): Promise<void> {
  await recordEvent(db, { kind: "provider-pause-cleared", actor, details: { remainingMs } });
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
  event: { kind: DispatcherEventKind; actor: string; details: Record<string, unknown> },
): Promise<void> {
  const { kind, actor, details } = event;
  await trx
    .insertInto("dispatcherEvents")
    .values({ kind, actor, details: JSON.stringify(details) })
    .execute();
}
