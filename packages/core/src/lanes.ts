/**
 * A lane: a stream of messages with its own pace, `batchSize` messages every `intervalMs`, oldest
 * first, and its own turn, so a one-time password never waits behind a bulk backlog and a stream
 * of transactional messages never takes the bulk lane's budget. An `ahead` lane's send jobs go to
 * the head of the send queue, before every send waiting there. An `arrival` lane sends on arrival:
 * a message is claimed as soon as it is stored, within the lane's budget, a token bucket refilled
 * at `batchSize` per `intervalMs` and holding at most `batchSize` (a rate with a burst); ticks
 * claim what arrivals left, every `intervalMs`, from the same budget. Lanes are rows (the `lanes`
 * table): adding one is configuration (LANES), not code. A message's lane is its `priority`.
 */
export interface Lane {
  /** Unique; a message names it as its `priority` (see LANE_NAME_PATTERN). */
  name: string;
  /** Milliseconds between its claims (PACE_LIMITS.intervalMs). */
  intervalMs: number;
  /** Messages it claims per interval (PACE_LIMITS.batchSize). */
  batchSize: number;
  /** Its send jobs go ahead of every send waiting in the queue. */
  ahead: boolean;
  /** It sends on arrival, within its budget (see Lane). */
  arrival: boolean;
}

/** A lane's name: lower-case letters, digits and dashes, starting with a letter, 1..32. */
export const LANE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** The lane of a message stored without one. */
export const DEFAULT_LANE = "bulk";

/**
 * The lanes every deployment has, with the paces a fresh deploy stores (DISPATCH_* and
 * TRANSACTIONAL_* seed them): bulk, 2 every 2 minutes, oldest first; transactional (one-time
 * passwords, alerts), on arrival within a budget of 50 a second (bursts of 50) and ahead of bulk
 * sends, so an OTP is claimed as it is stored and sent before the bulk backlog waiting in Redis.
 */
export const BUILT_IN_LANES: readonly Lane[] = [
  { name: "transactional", intervalMs: 1_000, batchSize: 50, ahead: true, arrival: true },
  { name: DEFAULT_LANE, intervalMs: 120_000, batchSize: 2, ahead: false, arrival: false },
];
