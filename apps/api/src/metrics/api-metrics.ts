import { toMicros } from "@dispatcher/core";
import {
  countDueByLane,
  countUnsentByStatus,
  type Db,
  getDispatcherState,
  listLanes,
  listSpendStandings,
  oldestDueAgeByLane,
  type SpendStanding,
  TOTAL_SCOPE,
} from "@dispatcher/db";
import { type DispatcherQueues, readScheduleStatus } from "@dispatcher/redis";
import type { Logger } from "@dispatcher/runtime";
import type { JobType } from "bullmq";
import { collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** The BullMQ 6 job states exported per queue (BullMQ 6 has no `paused` list: see `dispatcher_queue_paused`). */
export const QUEUE_JOB_STATES = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "completed",
  "failed",
  "waiting-children",
] as const satisfies readonly JobType[];

export interface ApiMetricsDeps {
  db: Db;
  queues: DispatcherQueues;
  /** Hears when a source goes down (warn) and comes back (info); once per change, not per scrape. */
  logger: Pick<Logger, "warn" | "info">;
  /** Longest wait for each source (Postgres, Redis) per scrape, in milliseconds. Default 2000. */
  timeoutMs?: number;
  /** Registries of counters kept elsewhere in the process (delivery receipts), shown with every scrape. */
  registries?: Registry[];
}

export interface ApiMetrics {
  /** The content type of `render`'s text (Prometheus text format 0.0.4). */
  contentType: string;
  /**
   * Reads Postgres and Redis, then renders every metric as Prometheus text. A source that is down
   * or slower than `timeoutMs` leaves its metrics out of this answer (and sets
   * `dispatcher_metrics_source_up{source}` to 0); it never makes the whole scrape fail.
   * Concurrent calls share one read.
   */
  render: () => Promise<string>;
}

type Source = "postgres" | "redis";

/**
 * (spent + reserved) / limit, as a gauge shows it (a float is fine for a ratio), and at least 1
 * once the limit was reached this period (intake refused a message for it, or a limit of 0).
 */
function spendRatioOf(standing: SpendStanding): number {
  const used = toMicros(standing.spent) + toMicros(standing.reserved);
  const limit = toMicros(standing.limit);
  const ratio = limit === 0n ? 1 : Number(used) / Number(limit);
  return standing.reached ? Math.max(1, ratio) : ratio;
}

/**
 * The API's metrics on registries of its own (never prom-client's global one), read from Postgres
 * and Redis at scrape time, each source within `timeoutMs` (`dispatcher_metrics_source_up` says
 * whether it could be read), with Node's process metrics: the list is in docs/observability.md.
 * Each call starts its own default-metrics collectors: call it once per app.
 */
export function createApiMetrics(deps: ApiMetricsDeps): ApiMetrics {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  // One registry per source, so a source that cannot be read is left out whole: prom-client would
  // still print a label-less gauge as 0, and a backlog of 0 or a stopped dispatcher would be a lie.
  const base = new Registry();
  const registries: Record<Source, Registry> = { postgres: new Registry(), redis: new Registry() };
  collectDefaultMetrics({ register: base });

  const sourceUp = new Gauge<"source">({
    name: "dispatcher_metrics_source_up",
    help: "1 when this scrape could read the source, else 0 (its metrics are then left out)",
    labelNames: ["source"],
    registers: [base],
  });
  const postgres = [registries.postgres];
  const messages = new Gauge<"status">({
    name: "dispatcher_unsent_messages",
    help: "Messages not sent, by status (exact; sent is not counted here, see dispatcher_messages_total on the workers)",
    labelNames: ["status"],
    registers: postgres,
  });
  const backlog = new Gauge({
    name: "dispatcher_pending_backlog",
    help: "Messages waiting to be claimed (status pending)",
    registers: postgres,
  });
  const dueBacklog = new Gauge<"priority">({
    name: "dispatcher_due_pending_messages",
    help: "Each lane's pending messages that are due (their sendAt, else their creation, passed): the backlog the workers are behind on",
    labelNames: ["priority"],
    registers: postgres,
  });
  const oldestDue = new Gauge<"priority">({
    name: "dispatcher_oldest_due_pending_age_seconds",
    help: "Age of each lane's oldest pending message that is due (its sendAt, else its creation), 0 when none is due: how late the lane runs",
    labelNames: ["priority"],
    registers: postgres,
  });
  const paceInterval = new Gauge<"priority">({
    name: "dispatcher_pace_interval_seconds",
    help: "Each lane's stored pace: seconds between its claims",
    labelNames: ["priority"],
    registers: postgres,
  });
  const paceBatch = new Gauge<"priority">({
    name: "dispatcher_pace_batch_size",
    help: "Each lane's stored pace: messages per claim",
    labelNames: ["priority"],
    registers: postgres,
  });
  const running = new Gauge({
    name: "dispatcher_running",
    help: "1 when the stored dispatcher state is running, 0 when stopped",
    registers: postgres,
  });
  const spendRatio = new Gauge<"scope" | "period">({
    name: "dispatcher_spend_limit_ratio",
    help: "Spent and reserved in the current UTC day or month over its limit, by scope (total, or an API key's name) and period; 1 = at the limit",
    labelNames: ["scope", "period"],
    registers: postgres,
  });
  const redis = [registries.redis];
  const queueJobs = new Gauge<"queue" | "state">({
    name: "dispatcher_queue_jobs",
    help: "BullMQ jobs by queue and state",
    labelNames: ["queue", "state"],
    registers: redis,
  });
  const queuePaused = new Gauge<"queue">({
    name: "dispatcher_queue_paused",
    help: "1 when the queue is paused (no new jobs start), else 0",
    labelNames: ["queue"],
    registers: redis,
  });
  const schedulerPresent = new Gauge({
    name: "dispatcher_scheduler_present",
    help: "1 when the dispatch-tick job scheduler exists in Redis, else 0",
    registers: redis,
  });

  const readers: Record<Source, () => Promise<void>> = {
    postgres: async () => {
      const [state, counts, due, dueCounts, lanes, standings] = await Promise.all([
        getDispatcherState(deps.db),
        countUnsentByStatus(deps.db),
        oldestDueAgeByLane(deps.db),
        countDueByLane(deps.db),
        listLanes(deps.db),
        listSpendStandings(deps.db),
      ]);
      // A limit removed leaves no series behind.
      spendRatio.reset();
      for (const standing of standings) {
        spendRatio.set(
          { scope: standing.scope === TOTAL_SCOPE ? "total" : standing.scope, period: standing.period },
          spendRatioOf(standing),
        );
      }
      for (const [status, count] of Object.entries(counts)) messages.set({ status }, count);
      for (const lane of lanes) {
        const priority = lane.name;
        oldestDue.set({ priority }, due[priority] ?? 0);
        dueBacklog.set({ priority }, dueCounts[priority] ?? 0);
        paceInterval.set({ priority }, lane.intervalMs / 1_000);
        paceBatch.set({ priority }, lane.batchSize);
      }
      backlog.set(counts.pending);
      running.set(state?.running ? 1 : 0);
    },
    redis: async () => {
      const queues = [deps.queues.tick, deps.queues.send];
      const [counts, paused, schedule] = await Promise.all([
        Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_JOB_STATES))),
        Promise.all(queues.map((queue) => queue.isPaused())),
        readScheduleStatus(deps.queues),
      ]);
      for (const [i, queue] of queues.entries()) {
        for (const state of QUEUE_JOB_STATES)
          queueJobs.set({ queue: queue.name, state }, counts[i]?.[state] ?? 0);
        queuePaused.set({ queue: queue.name }, paused[i] ? 1 : 0);
      }
      schedulerPresent.set(schedule.scheduled ? 1 : 0);
    },
  };

  const wasUp: Record<Source, boolean> = { postgres: true, redis: true };
  /** Reads one source into its registry; resolves whether it could. */
  const refresh = async (source: Source): Promise<boolean> => {
    try {
      await withTimeout(readers[source](), timeoutMs);
      sourceUp.set({ source }, 1);
      if (!wasUp[source]) deps.logger.info({ source }, "metrics: source readable again");
      wasUp[source] = true;
      return true;
    } catch (error) {
      sourceUp.set({ source }, 0);
      if (wasUp[source]) {
        deps.logger.warn(
          { err: error, source },
          "metrics: cannot read source; its metrics are left out until it is back",
        );
      }
      wasUp[source] = false;
      return false;
    }
  };

  const render = async () => {
    const sources: Source[] = ["postgres", "redis"];
    const readable = await Promise.all(sources.map(refresh));
    const shown = [
      base,
      ...(deps.registries ?? []),
      ...sources.filter((_, i) => readable[i]).map((source) => registries[source]),
    ];
    // The text format allows blank lines between metric families, and the names are distinct.
    return (await Promise.all(shown.map((registry) => registry.metrics()))).join("\n");
  };
  let inFlight: Promise<string> | undefined;
  return {
    contentType: base.contentType,
    render: () => {
      inFlight ??= render().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

/** `promise`, or a rejection once `ms` have passed (the underlying call is not cancelled). */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
