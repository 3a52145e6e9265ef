/**
 * The bounds of a lane's pace and of the content limit, inclusive. The settings that seed them,
 * the API's PATCH schema and the lanes and dispatcher_state tables' CHECK constraints all use
 * these (a test compares them with the constraints).
 */
export const PACE_LIMITS = {
  /** Milliseconds between a lane's claims. */
  intervalMs: { min: 1_000, max: 86_400_000 },
  /** Messages a lane claims per interval. */
  batchSize: { min: 1, max: 10_000 },
  /** Most characters (Unicode code points) a message's content may have. */
  messageMaxLength: { min: 1, max: 1_600 },
} as const;

/**
 * How far scheduling reaches: a `sendAt` may lie up to `pastSkewMs` in the past (clocks differ; it
 * is then due at once) and neither it nor `expiresAt` more than `horizonMs` ahead; a validity is
 * 1 s to `horizonMs`.
 */
export const SCHEDULE_LIMITS = {
  pastSkewMs: 60_000,
  horizonMs: 30 * 86_400_000,
} as const;

/** The content limit a fresh deploy stores: 160 characters. */
export const DEFAULT_MESSAGE_MAX_LENGTH = 160;
