/**
 * A message's lane. Each lane has its own pace (N per T, stored and PATCHable) and its own
 * oldest-first order, so a one-time password never waits behind a bulk backlog and a stream of
 * transactional messages never takes the bulk lane's budget. `bulk` is the default: it is paced
 * by the dispatcher's top-level `intervalMs`/`batchSize`, as every message was before lanes.
 * The messages table's CHECK constraint holds the same list (a test compares them).
 */
export const MESSAGE_PRIORITIES = ["transactional", "bulk"] as const;

export type MessagePriority = (typeof MESSAGE_PRIORITIES)[number];

/** The lane of a message stored without one. */
export const DEFAULT_PRIORITY: MessagePriority = "bulk";
