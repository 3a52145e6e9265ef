import { sendJobId } from "@dispatcher/core";
import { readJobPresence, sendJobOptions, sendQueueDepth } from "@dispatcher/redis";
import { createSandbox } from "@dispatcher/testing";
import type { Redis } from "ioredis";
import { dec, int, median, ms } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/** Messages one orphan sweep checks at most (ORPHAN_SWEEP_MAX in apps/worker's orphan-sweep.ts). */
const SWEEP_JOBS = 2_000;
/** Jobs added per addBulk while the queue is filled. */
const FILL_CHUNK = 5_000;
/** Timed sweeps per size. */
const RUNS = 5;
/** getJobState calls timed per size, for comparison (each scans the lists). */
const STATE_CALLS = 5;

interface SizeResult {
  queuedJobs: number;
  /** Client-side time of one sweep's pipeline (readJobPresence of SWEEP_JOBS jobs), ms, each run. */
  sweepMs: number[];
  /** Redis's own time (INFO commandstats, hmget usec) for one sweep, ms, median. */
  sweepRedisMs: number;
  /** One sendQueueDepth call, ms, median. */
  depthMs: number;
  /** One getJobState of one of the oldest jobs, ms, median. */
  getJobStateMs: number;
  /** Median MEMORY USAGE of a job hash, bytes. */
  jobHashBytes: number;
  /** used_memory grown per job added (hash, list entry, id), bytes. */
  bytesPerJob: number;
}

/** Redis's total time in `command` so far (INFO commandstats), µs. */
async function commandUsec(redis: Redis, command: string): Promise<number> {
  const info = await redis.info("commandstats");
  const match = new RegExp(`cmdstat_${command}:calls=\\d+,usec=(\\d+)`).exec(info);
  return match ? Number(match[1]) : 0;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/**
 * What the orphan sweep costs Redis as the send queue grows: the app's send queue on a private
 * prefix is filled with send jobs (the tick's shape and options) to each size in turn, and one
 * sweep's presence check (readJobPresence of SWEEP_JOBS jobs, the first ones added: the oldest,
 * which a sweep checks first) is timed on the client and in Redis (INFO commandstats). Also timed: the tick's
 * depth read (sendQueueDepth) and, for comparison, getJobState of one of the oldest jobs. The
 * memory of a job: MEMORY USAGE of its hash, and used_memory's growth per job added.
 */
export const sweepCost: Measurement = {
  name: "sweep",
  title: "8. Orphan sweep and job memory vs queue length",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const scope = "sweep";
    const iso = await createSandbox({
      postgresUrl: ctx.serverUrl,
      redis: ctx.redisUrl,
      label: "bench-sweep",
    });
    try {
      const queue = iso.queues.send;
      const redis = iso.redis as Redis;
      const options = sendJobOptions({ attempts: 5, backoffMs: 1_000 });
      const sizes: SizeResult[] = [];
      let added = 0;
      for (const size of ctx.sizes.sweepQueueSizes) {
        const memoryBefore = await usedMemory(redis);
        const addedBefore = added;
        while (added < size) {
          const n = Math.min(FILL_CHUNK, size - added);
          await queue.addBulk(
            Array.from({ length: n }, (_, i) => {
              const id = added + i + 1;
              return {
                name: "send",
                data: { messageId: id, maxLength: 160 },
                opts: { ...options, jobId: sendJobId(id) },
              };
            }),
          );
          added += n;
          if (added % 100_000 === 0) ctx.progress(scope, `filling: ${int(added)}/${int(size)} jobs`);
        }
        const bytesPerJob = ((await usedMemory(redis)) - memoryBefore) / (added - addedBefore);
        // The oldest jobs: the ones a sweep checks (its candidates are the longest untouched).
        const ids = Array.from({ length: SWEEP_JOBS }, (_, i) => sendJobId(i + 1));
        const sweepMs: number[] = [];
        const redisUsec: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const usecBefore = await commandUsec(redis, "hmget");
          const started = performance.now();
          const presence = await readJobPresence(queue, ids);
          sweepMs.push(performance.now() - started);
          redisUsec.push((await commandUsec(redis, "hmget")) - usecBefore);
          if (presence.some((p) => p !== "live")) throw new Error("a waiting job read as not live");
        }
        const depthMs: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          const depth = await sendQueueDepth(queue);
          depthMs.push(performance.now() - started);
          if (depth !== added) throw new Error(`depth ${depth}, expected ${added}`);
        }
        const stateMs: number[] = [];
        for (let run = 0; run < STATE_CALLS; run++) {
          const started = performance.now();
          await queue.getJobState(sendJobId(run + 1));
          stateMs.push(performance.now() - started);
        }
        const hashBytes: number[] = [];
        for (let i = 0; i < 100; i++) {
          hashBytes.push(Number(await redis.memory("USAGE", queue.toKey(sendJobId(added - i)))));
        }
        const result: SizeResult = {
          queuedJobs: added,
          sweepMs,
          sweepRedisMs: median(redisUsec) / 1000,
          depthMs: median(depthMs),
          getJobStateMs: median(stateMs),
          jobHashBytes: median(hashBytes),
          bytesPerJob,
        };
        ctx.progress(
          scope,
          `${int(added)} queued: sweep of ${int(SWEEP_JOBS)} ${ms(median(sweepMs))} (Redis ${ms(result.sweepRedisMs)}), ` +
            `depth ${ms(result.depthMs)}, one getJobState ${ms(result.getJobStateMs)}, ` +
            `job hash ${int(result.jobHashBytes)} B, ${int(bytesPerJob)} B per job`,
        );
        sizes.push(result);
      }
      const rows: ResultRow[] = sizes.flatMap((s) => [
        {
          metric: `one sweep (${int(SWEEP_JOBS)} jobs) with ${int(s.queuedJobs)} queued`,
          value: `${ms(median(s.sweepMs))} median of ${RUNS}; Redis's own time ${ms(s.sweepRedisMs)}`,
          raw: median(s.sweepMs),
          unit: "ms",
        },
        {
          metric: `depth read / one getJobState with ${int(s.queuedJobs)} queued`,
          value: `${ms(s.depthMs)} / ${ms(s.getJobStateMs)}`,
          raw: s.getJobStateMs,
          unit: "ms",
        },
        {
          metric: `memory per queued job at ${int(s.queuedJobs)}`,
          value: `hash ${int(s.jobHashBytes)} B (MEMORY USAGE); used_memory ${dec(s.bytesPerJob, 0)} B per job added`,
          raw: s.bytesPerJob,
          unit: "B",
        },
      ]);
      return {
        rows,
        details: { sweepJobs: SWEEP_JOBS, runs: RUNS, sizes },
        notes: [
          `Orphan sweep: readJobPresence (one HMGET per job in one pipeline) of the ${int(SWEEP_JOBS)} oldest jobs ` +
            "of a send queue filled with the tick's jobs; client time and Redis's own (INFO commandstats). " +
            "The depth read is sendQueueDepth (LLEN and ZCARD); getJobState is BullMQ's, for comparison.",
        ],
      };
    } finally {
      await iso.cleanup();
    }
  },
};
