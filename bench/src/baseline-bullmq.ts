import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_MESSAGE_MAX_LENGTH, sendJobId } from "@dispatcher/core";
import { sendJobOptions } from "@dispatcher/redis";
import { createSandbox, outputTail, spawnApp, stopAll, waitForOutput } from "@dispatcher/testing";
import { startCpuAccounting } from "./cpu-accounting.js";
import { int } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult } from "./measurement.js";
import { findPids } from "./process-stats.js";

/** The worker's defaults (SEND_ATTEMPTS, SEND_BACKOFF_MS), so each job carries the same options as a real send job. */
const JOB_OPTIONS = sendJobOptions({ attempts: 5, backoffMs: 1_000 });

interface BaselineProgress {
  completed: number;
  firstAt: number;
  lastAt: number;
}

/** The last progress line the baseline worker printed. */
function readProgress(output: string): BaselineProgress {
  const at = output.lastIndexOf('{"baseline":{');
  if (at < 0) return { completed: 0, firstAt: 0, lastAt: 0 };
  const line = output.slice(at, output.indexOf("\n", at));
  return (JSON.parse(line) as { baseline: BaselineProgress }).baseline;
}

/**
 * Raw BullMQ: the app's send queue (same prefix scheme, default job options, removeOnComplete and
 * job shape `msg-<id>`, `{messageId}`), filled with `addBulk` in chunks of the batch size, then
 * drained by one separate process with a no-op processor at WORKER_CONCURRENCY. The rate is
 * completed jobs per second from the first completion to the last.
 */
export const baselineBullmq: Measurement = {
  name: "baseline",
  title: "1. Baseline: raw BullMQ, no-op processor",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const scope = "baseline";
    const total = ctx.sizes.baselineJobs;
    const chunk = ctx.sizes.batchSize;
    const iso = await createSandbox({
      postgresUrl: ctx.serverUrl,
      redis: ctx.redisUrl,
      label: "bench-baseline",
    });
    try {
      const addStarted = performance.now();
      for (let from = 1; from <= total; from += chunk) {
        const ids = Array.from({ length: Math.min(chunk, total - from + 1) }, (_, i) => from + i);
        await iso.queues.send.addBulk(
          ids.map((id) => ({
            name: "send",
            data: { messageId: id, maxLength: DEFAULT_MESSAGE_MAX_LENGTH },
            opts: { ...JOB_OPTIONS, jobId: sendJobId(id) },
          })),
        );
      }
      const addSeconds = (performance.now() - addStarted) / 1000;
      ctx.progress(
        scope,
        `added ${int(total)} jobs with addBulk(${int(chunk)}) in ${addSeconds.toFixed(1)} s`,
      );

      const app = spawnApp("baseline-worker", "bench/src/baseline-worker-main.ts", {
        REDIS_URL: ctx.redisUrl,
        QUEUE_PREFIX: iso.prefix,
        WORKER_CONCURRENCY: String(ctx.concurrency),
        LOG_LEVEL: "info",
      });
      try {
        const cpu = await startCpuAccounting({
          "baseline-worker": () => [app.child.pid!],
          redis: () => findPids("redis-server"),
        });
        await waitForOutput(app, '"worker started"');
        let last = { at: performance.now(), completed: 0 };
        let lastMove = performance.now();
        for (;;) {
          await sleep(1_000);
          await cpu.sample();
          const progress = readProgress(app.output());
          const now = performance.now();
          if (progress.completed !== last.completed) lastMove = now;
          const rate = ((progress.completed - last.completed) * 1000) / (now - last.at);
          last = { at: now, completed: progress.completed };
          ctx.progress(scope, `${int(progress.completed)}/${int(total)} jobs completed, ${int(rate)} jobs/s`);
          if (progress.completed >= total) break;
          if (app.child.exitCode !== null) throw new Error(`baseline worker exited:\n${outputTail(app)}`);
          if (now - lastMove > 30_000) throw new Error(`baseline stalled:\n${outputTail(app)}`);
        }
        const cpuReport = await cpu.stop();
        await stopAll([app]);
        const final = readProgress(app.output());
        const seconds = (final.lastAt - final.firstAt) / 1000;
        const rate = (final.completed - 1) / seconds;
        ctx.progress(scope, `done: ${int(rate)} jobs/s`);
        return {
          rows: [
            {
              metric: `no-op drain, concurrency ${ctx.concurrency}`,
              value: `${int(rate)} jobs/s`,
              raw: rate,
              unit: "jobs/s",
            },
            {
              metric: `addBulk(${int(chunk)}) enqueue rate`,
              value: `${int(total / addSeconds)} jobs/s`,
              raw: total / addSeconds,
              unit: "jobs/s",
            },
          ],
          details: {
            jobs: total,
            concurrency: ctx.concurrency,
            addBulkChunk: chunk,
            jobOptions: JOB_OPTIONS,
            removeOnComplete: "the app's send queue default (createDispatcherQueues)",
            drainSeconds: seconds,
            jobsPerSecond: rate,
            enqueueSeconds: addSeconds,
            enqueuePerSecond: total / addSeconds,
            completed: final.completed,
            cpu: cpuReport,
            cpuMicrosPerJob: Object.fromEntries(
              Object.entries(cpuReport.groups).map(([k, v]) => [k, (v * 1e6) / final.completed]),
            ),
          },
          notes: [
            `Baseline: ${int(total)} jobs added first (addBulk in chunks of ${int(chunk)}, the app's send-job options), ` +
              `then drained by one separate worker process with a no-op processor at concurrency ${ctx.concurrency}; ` +
              "rate from the first completion to the last.",
          ],
        };
      } finally {
        await stopAll([app]);
      }
    } finally {
      await iso.cleanup();
    }
  },
};
