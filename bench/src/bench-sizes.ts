/** How big each measurement is. `full` keeps the sizes; `quick` is a CI smoke run (< 2 min). */
export interface BenchSizes {
  mode: "full" | "quick";
  /** Jobs the no-op BullMQ baseline drains. */
  baselineJobs: number;
  /** Backlog of each end-to-end run (pending rows in Postgres before it starts). */
  e2eMessages: number;
  /** Floor and dispatcher runs of the end-to-end measurement, one of each per pair. */
  e2ePairs: number;
  /** Messages claimed per tick (the stored `batchSize`). */
  batchSize: number;
  /** Backlog of each worker-scaling run, and the worker-process counts to try. */
  scalingMessages: number;
  scalingWorkers: number[];
  /** Sent rows already in the table before each claim is timed, smallest first. */
  claimTableSizes: number[];
  /** Pending rows claimed in one `claimPending` call, and how many timed calls per size. */
  claimBatch: number;
  claimRuns: number;
  /** Backlog drained while the worker's RSS is sampled, and the sent count of the early reading. */
  memoryMessages: number;
  memoryEarlyAt: number;
  /** Backlog of the profiled (CPU profile + call counts) single-worker run. */
  profileMessages: number;
  /** Send jobs waiting in the queue when the orphan sweep is timed, smallest first. */
  sweepQueueSizes: number[];
  /** Backlog of the campaign drain (the bulk lane at 10,000 a second, two workers). */
  drainMessages: number;
  /** Bulk backlog drained by one worker while one-time passwords are timed through the API. */
  latencyBulkMessages: number;
  /** One-time passwords sent through the API each second, and for how many seconds. */
  latencyOtpPerSecond: number;
  latencyOtpSeconds: number;
  /** Seconds from starting dispatch to the first window without OTP traffic. */
  latencyWarmupSeconds: number;
  /** Length of each window without OTP traffic, one before and one after the OTP window, in seconds. */
  latencyQuietSeconds: number;
  /** Times the whole latency run is made (each on a fresh database); the drain kept is their median. */
  latencyRuns: number;
}

/** The sizes (100k drained, 1M rows; five end-to-end pairs of 10k; three latency runs): e2e, scaling, claim, memory, profile and latency take 16 minutes on 2 shared cores. */
export const FULL_SIZES: BenchSizes = {
  mode: "full",
  baselineJobs: 50_000,
  e2eMessages: 10_000,
  e2ePairs: 5,
  batchSize: 1_000,
  scalingMessages: 20_000,
  scalingWorkers: [1, 2, 3],
  claimTableSizes: [10_000, 100_000, 1_000_000],
  claimBatch: 1_000,
  claimRuns: 5,
  memoryMessages: 100_000,
  memoryEarlyAt: 10_000,
  profileMessages: 10_000,
  sweepQueueSizes: [10_000, 100_000, 1_000_000],
  drainMessages: 1_000_000,
  latencyBulkMessages: 100_000,
  latencyOtpPerSecond: 20,
  latencyOtpSeconds: 60,
  latencyWarmupSeconds: 5,
  latencyQuietSeconds: 15,
  latencyRuns: 3,
};

/** Small sizes for a CI smoke run: every measurement runs, none proves the targets. */
export const QUICK_SIZES: BenchSizes = {
  mode: "quick",
  baselineJobs: 5_000,
  e2eMessages: 3_000,
  e2ePairs: 1,
  batchSize: 1_000,
  scalingMessages: 1_500,
  scalingWorkers: [1, 2, 3],
  claimTableSizes: [10_000, 50_000],
  claimBatch: 1_000,
  claimRuns: 3,
  memoryMessages: 4_000,
  memoryEarlyAt: 1_000,
  profileMessages: 2_000,
  sweepQueueSizes: [10_000, 50_000],
  drainMessages: 20_000,
  latencyBulkMessages: 10_000,
  latencyOtpPerSecond: 20,
  latencyOtpSeconds: 5,
  latencyWarmupSeconds: 2,
  latencyQuietSeconds: 2,
  latencyRuns: 1,
};
