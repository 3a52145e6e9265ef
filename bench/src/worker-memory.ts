import { verificationRow } from "./dispatch-rows.js";
import { runDispatch } from "./dispatch-run.js";
import { int, mib, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult } from "./measurement.js";
import { readMemory } from "./process-stats.js";

/** The target: RSS after the whole backlog within ±20% of RSS at the early reading. */
const TARGET_GROWTH = 0.2;

/**
 * Memory: one worker drains the memory backlog while its RSS (`VmRSS`) and peak (`VmHWM`) are read
 * from /proc every 250 ms. Reports RSS when the early count was sent, at the end, and the peak.
 */
export const workerMemory: Measurement = {
  name: "memory",
  title: "5. Worker memory while draining",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const { memoryMessages, memoryEarlyAt } = ctx.sizes;
    let latest = { rss: 0, peak: 0 };
    let atStart = { rss: 0, peak: 0 };
    let early: { sent: number; rss: number; peak: number } | undefined;
    let atEnd = { rss: 0, peak: 0 };
    const series: Array<{ sent: number; rss: number; peak: number }> = [];
    const read = (pid: number | undefined) => (pid === undefined ? undefined : readMemory(pid));

    const run = await runDispatch(ctx, {
      label: "memory",
      messages: memoryMessages,
      workers: 1,
      beforeDispatch: async ([worker]) => {
        atStart = read(worker!.child.pid) ?? atStart;
      },
      onSample: ([worker]) => {
        latest = read(worker!.child.pid) ?? latest;
      },
      onPoll: (sent, [worker]) => {
        latest = read(worker!.child.pid) ?? latest;
        series.push({ sent, ...latest });
        if (!early && sent >= memoryEarlyAt) early = { sent, ...latest };
      },
      afterDrain: async ([worker]) => {
        atEnd = read(worker!.child.pid) ?? latest;
      },
    });
    const earlyRss = early?.rss ?? atStart.rss;
    const growth = atEnd.rss / earlyRss - 1;
    return {
      rows: [
        { metric: "RSS before dispatching", value: mib(atStart.rss), raw: atStart.rss, unit: "bytes" },
        {
          metric: `RSS at ${int(memoryEarlyAt)} sent`,
          value: `${mib(earlyRss)} (read at ${int(early?.sent ?? 0)} sent)`,
          raw: earlyRss,
          unit: "bytes",
        },
        {
          metric: `RSS at ${int(memoryMessages)} sent`,
          value: mib(atEnd.rss),
          raw: atEnd.rss,
          unit: "bytes",
        },
        {
          metric: `RSS growth ${int(memoryEarlyAt)} → ${int(memoryMessages)} sent`,
          value: `${growth >= 0 ? "+" : ""}${pct(growth)}`,
          raw: growth,
          unit: "ratio",
          target: `within ±${pct(TARGET_GROWTH)}`,
          met: Math.abs(growth) <= TARGET_GROWTH,
        },
        { metric: "peak RSS (VmHWM)", value: mib(atEnd.peak), raw: atEnd.peak, unit: "bytes" },
        { metric: "drain rate", value: `${int(run.rate)} msg/s`, raw: run.rate, unit: "msg/s" },
        verificationRow("memory", run),
      ],
      details: {
        messages: memoryMessages,
        earlyAt: memoryEarlyAt,
        atStart,
        early: early ?? null,
        atEnd,
        growth,
        series,
        run,
      },
      notes: [
        `Memory: one worker (WORKER_CONCURRENCY ${ctx.concurrency}) drains ${int(memoryMessages)} messages as in the ` +
          "end-to-end run; VmRSS/VmHWM of the worker process read from /proc/<pid>/status every 250 ms (and at every " +
          "poll). The worker's Node heap limit is the default.",
      ],
    };
  },
};
