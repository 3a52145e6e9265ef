/**
 * The bounds of the stored dispatcher state (the pace and the content limit), inclusive. The
 * settings that seed it, the API's PATCH schema and the dispatcher_state table's CHECK
 * constraints all use these (a test compares them with the constraints).
 */
export const PACE_LIMITS = {
  /** Milliseconds between ticks. */
  intervalMs: { min: 1_000, max: 86_400_000 },
  /** Messages claimed per tick. */
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

/** The state a fresh deploy stores: 2 messages every 2 minutes, 160 characters each. */
export const DEFAULT_PACE = { intervalMs: 120_000, batchSize: 2, messageMaxLength: 160 } as const;

/**
 * The transactional lane's pace on a fresh deploy: 5 messages every 10 seconds, so a one-time
 * password waits at most about 10 s (behind at most 4 others) while the bulk lane keeps its own
 * 2 every 2 minutes. Same bounds as the bulk pace (PACE_LIMITS).
 */
export const DEFAULT_TRANSACTIONAL_PACE = { intervalMs: 10_000, batchSize: 5 } as const;
