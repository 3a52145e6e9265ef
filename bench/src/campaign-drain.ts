import { createRedisConnection } from "@dispatcher/redis";
import { verificationRow } from "./dispatch-rows.js";
import { runDispatch } from "./dispatch-run.js";
import { int, mib } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";

/** The bulk lane's pace during the drain: far past what the workers send. */
const DRAIN_BATCH = 10_000;
const DRAIN_WORKERS = 2;

interface DrainSample {
  seconds: number;
  sent: number;
  /** Redis's used_memory at the sample, bytes. */
  redisBytes: number;
}

/**
 * A campaign drained as an operator runs one: the backlog pending in Postgres, the bulk lane at
 * DRAIN_BATCH a second on the scheduler alone (no tick pump), DRAIN_WORKERS worker processes with
 * their default SEND_WINDOW. Every second: the sent count and Redis's used_memory. Reports the
 * rate and the memory over time (by tenth of the drain), the peak memory, and that every message
 * was sent once.
 */
export const campaignDrain: Measurement = {
  name: "drain",
  title: "9. A campaign drained at 10,000/s: rate and Redis memory over time",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const messages = ctx.sizes.drainMessages;
    const redis = createRedisConnection(ctx.redisUrl, "client");
    const memory = async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))![1]);
    const samples: DrainSample[] = [];
    try {
      const before = await memory();
      let latest = before;
      let started = 0;
      const run = await runDispatch(ctx, {
        label: "drain",
        messages,
        workers: DRAIN_WORKERS,
        batchSize: DRAIN_BATCH,
        pump: false,
        // Full records of a million requests would make the mock provider the bottleneck.
        providerEnv: { MOCK_PROVIDER_RECORDS: "keys" },
        beforeDispatch: async () => {
          started = performance.now();
        },
        onPoll: (sent) => {
          samples.push({ seconds: (performance.now() - started) / 1000, sent, redisBytes: latest - before });
          void memory().then((bytes) => {
            latest = bytes;
          });
        },
      });
      const peak = Math.max(...samples.map((s) => s.redisBytes));
      const tenths = Array.from({ length: 10 }, (_, i) => {
        const upTo = ((i + 1) * messages) / 10;
        const from = samples.find((s) => s.sent >= (i * messages) / 10) ?? samples[0]!;
        const to = samples.find((s) => s.sent >= upTo) ?? samples.at(-1)!;
        const rate = (to.sent - from.sent) / Math.max(0.001, to.seconds - from.seconds);
        const within = samples.filter((s) => s.seconds >= from.seconds && s.seconds <= to.seconds);
        return {
          upTo,
          atSeconds: to.seconds,
          rate,
          redisPeakBytes: Math.max(...within.map((s) => s.redisBytes)),
        };
      });
      const rows: ResultRow[] = [
        {
          metric: `drain rate, ${int(messages)} messages, ${DRAIN_WORKERS} workers`,
          value: `${int(run.rate)} msg/s`,
          raw: run.rate,
          unit: "msg/s",
        },
        { metric: "Redis memory peak above the start", value: mib(peak), raw: peak, unit: "bytes" },
        ...tenths.map((t) => ({
          metric: `up to ${int(t.upTo)} sent (at ${int(t.atSeconds)} s)`,
          value: `${int(t.rate)} msg/s; Redis +${mib(t.redisPeakBytes)} at most`,
          raw: t.rate,
          unit: "msg/s",
        })),
        verificationRow("drain", run),
      ];
      return {
        rows,
        details: { messages, workers: DRAIN_WORKERS, batchSize: DRAIN_BATCH, samples, tenths, run },
        notes: [
          `Campaign drain: ${int(messages)} pending rows, the bulk lane at ${int(DRAIN_BATCH)} every second on the ` +
            `scheduler alone (no tick pump), ${DRAIN_WORKERS} worker processes at every default (SEND_WINDOW 10,000) but ` +
            "WORKER_CONCURRENCY; the sent count and Redis's used_memory (less its value at the start) every second.",
        ],
      };
    } finally {
      redis.disconnect();
    }
  },
};
