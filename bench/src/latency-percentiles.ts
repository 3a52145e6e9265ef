/**
 * Percentiles of one-way latencies where some messages may never have arrived: p50, p95, p99 and
 * the maximum, in milliseconds; null where the rank falls among the messages that never arrived.
 */
export interface LatencySummary {
  /** Messages timed, arrived or not. */
  count: number;
  /** Of them, those that arrived (had a latency). */
  arrived: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * Nearest-rank percentiles of `latencies` (ms; null for a message that never arrived). A message
 * that never arrived ranks above every one that did, so a percentile that falls among them is
 * null (longer than the run) rather than hidden by leaving those messages out. No messages: all null.
 */
export function summarizeLatencies(latencies: ReadonlyArray<number | null>): LatencySummary {
  const arrived = latencies.filter((l): l is number => l !== null).sort((a, b) => a - b);
  const count = latencies.length;
  const rank = (p: number): number | null => {
    if (count === 0) return null;
    const index = Math.max(1, Math.ceil((p / 100) * count)) - 1;
    return arrived[index] ?? null;
  };
  return { count, arrived: arrived.length, p50: rank(50), p95: rank(95), p99: rank(99), max: rank(100) };
}
