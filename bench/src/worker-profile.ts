import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type SpawnedApp, waitForOutput } from "@dispatcher/testing";
import type { CallCounts } from "./call-counter.js";
import { type ProfileSummary, summariseProfile } from "./cpu-profile-summary.js";
import { verificationRow } from "./dispatch-rows.js";
import { type DispatchRunResult, runDispatch } from "./dispatch-run.js";
import { FLOOR_WORKER_ENTRY } from "./end-to-end.js";
import { dec, int, pct } from "./format.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";
import { profileDirectory } from "./profile-directory.js";
import type { CpuProfile } from "./window-profiler.js";

/** Where the last profile is kept, to open in Chrome DevTools or speedscope. */
const PROFILE_COPY = fileURLToPath(new URL("../results/latest-worker.cpuprofile", import.meta.url));

/** `count` of `total` per message, with 2 decimals. */
const perMessage = (count: number, messages: number) => dec(count / messages, 2);

/** The largest entries of a count map as `name ×0.00` per message. */
function topCounts(counts: Record<string, number>, messages: number, limit: number): string[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => `${perMessage(count, messages)}× ${name}`);
}

/** One profiled drain: the run, its call counts and its profile summary. */
interface ProfiledRun {
  run: DispatchRunResult;
  calls: CallCounts;
  summary: ProfileSummary;
}

/**
 * Drains `messages` with one process of `entry` (default the real worker) wrapped by
 * profiled-worker-main, profiling exactly the drain window (SIGUSR2 at start and end).
 */
async function profiledDrain(
  ctx: BenchContext,
  label: string,
  messages: number,
  entry: string | undefined,
  keepProfileAt?: string,
): Promise<ProfiledRun> {
  let worker: SpawnedApp | undefined;
  const run = await runDispatch(ctx, {
    label,
    messages,
    workers: 1,
    workerEntry: "bench/src/profiled-worker-main.ts",
    workerEnv: entry ? { PROFILED_ENTRY: entry } : undefined,
    beforeDispatch: async ([w]) => {
      worker = w!;
      worker.child.kill("SIGUSR2");
      await waitForOutput(worker, '"profiler":"started"');
    },
    afterDrain: async ([w]) => {
      w!.child.kill("SIGUSR2");
      await waitForOutput(w!, '"profiler":"written"');
    },
  });
  const directory = profileDirectory(worker!.child.pid!);
  const calls = JSON.parse(readFileSync(`${directory}/calls.json`, "utf8")) as CallCounts;
  const profile = JSON.parse(readFileSync(`${directory}/profile.cpuprofile`, "utf8")) as CpuProfile;
  if (keepProfileAt) {
    mkdirSync(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
    copyFileSync(`${directory}/profile.cpuprofile`, keepProfileAt);
  }
  rmSync(directory, { recursive: true, force: true });
  return { run, calls, summary: summariseProfile(profile) };
}

/** Busy µs per message by caller, dispatcher minus floor, largest differences first. */
function callerGap(dispatcher: ProfiledRun, floor: ProfiledRun): string {
  const perMessage = (p: ProfiledRun) =>
    new Map(p.summary.callers.map((c) => [c.component, (c.ms * 1000) / p.run.verification.dbSent]));
  const d = perMessage(dispatcher);
  const f = perMessage(floor);
  const gaps = [...new Set([...d.keys(), ...f.keys()])]
    .map((component) => ({ component, micros: (d.get(component) ?? 0) - (f.get(component) ?? 0) }))
    .filter((g) => Math.abs(g.micros) >= 1)
    .sort((a, b) => Math.abs(b.micros) - Math.abs(a.micros));
  const busy = (p: ProfiledRun) => (p.summary.busyMs * 1000) / p.run.verification.dbSent;
  const signed = (micros: number) => `${micros >= 0 ? "+" : "−"}${int(Math.abs(micros))} µs`;
  return (
    `busy ${signed(busy(dispatcher) - busy(floor))} (${int(busy(dispatcher))} against ${int(busy(floor))}): ` +
    gaps
      .slice(0, 12)
      .map((g) => `${g.component} ${signed(g.micros)}`)
      .join(", ")
  );
}

/**
 * Where a worker's time goes per message, and what it spends beyond the floor: the floor program
 * and then one real worker (both wrapped by profiled-worker-main, which imports them unchanged)
 * drain the same backlog as in the end-to-end run, with a V8 CPU profile and call counts taken
 * over exactly the drain window.
 */
export const workerProfile: Measurement = {
  name: "profile",
  title: "6. Where a worker's time goes (profile and call counts, against the floor's)",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const messages = ctx.sizes.profileMessages;
    const floor = await profiledDrain(ctx, "profile-floor", messages, FLOOR_WORKER_ENTRY);
    const profiled = await profiledDrain(ctx, "profile", messages, undefined, PROFILE_COPY);
    const { run, calls, summary } = profiled;
    const sent = run.verification.dbSent;
    const statements = Object.values(calls.sql).reduce((a, b) => a + b, 0);
    const commands = Object.values(calls.redis).reduce((a, b) => a + b, 0);
    const micros = (ms: number) => `${int((ms * 1000) / sent)} µs`;
    const rows: ResultRow[] = [
      {
        metric: "profiled run (1 worker, profiler on)",
        value: `${int(run.rate)} msg/s over ${int(sent)} messages`,
        raw: run.rate,
        unit: "msg/s",
      },
      {
        metric: "SQL statements per message",
        value: `${perMessage(statements, sent)}: ${topCounts(calls.sql, sent, 4).join(" | ")}`,
        raw: statements / sent,
        unit: "stmt/msg",
      },
      {
        metric: "Redis commands / round trips per message",
        value: `${perMessage(commands, sent)} / ${perMessage(calls.redisRoundTrips, sent)}: ${topCounts(calls.redis, sent, 6).join(", ")}`,
        raw: calls.redisRoundTrips / sent,
        unit: "rtt/msg",
      },
      {
        metric: "HTTP requests per message",
        value: perMessage(calls.http, sent),
        raw: calls.http / sent,
        unit: "req/msg",
      },
      {
        metric: "profiler samples per message (main thread, wall time)",
        value: `busy ${micros(summary.busyMs)}, idle ${micros(summary.idleMs)} (busy ${pct(summary.busyMs / summary.windowMs)} of the window)`,
        raw: (summary.busyMs * 1000) / sent,
        unit: "µs/msg",
      },
      {
        metric: "busy time by component (self)",
        value: summary.components
          .slice(0, 10)
          .map((c) => `${c.component} ${micros(c.ms)}`)
          .join(", "),
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "busy time by caller (Node internals charged to the library that called them)",
        value: summary.callers
          .slice(0, 10)
          .map((c) => `${c.component} ${micros(c.ms)}`)
          .join(", "),
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "busy time by caller, worker minus the floor program (profiled the same way)",
        value: callerGap(profiled, floor),
        raw: null,
        unit: "µs/msg",
      },
      {
        metric: "floor program, profiled",
        value: `${int(floor.run.rate)} msg/s; SQL statements per message ${perMessage(
          Object.values(floor.calls.sql).reduce((a, b) => a + b, 0),
          floor.run.verification.dbSent,
        )}; Redis round trips per message ${perMessage(floor.calls.redisRoundTrips, floor.run.verification.dbSent)}`,
        raw: floor.run.rate,
        unit: "msg/s",
      },
      verificationRow("profile", run),
      verificationRow("profile-floor", floor.run),
    ];
    return {
      rows,
      details: {
        messages,
        profileFile: "bench/results/latest-worker.cpuprofile",
        calls,
        perMessage: {
          sqlStatements: statements / sent,
          redisCommands: commands / sent,
          redisRoundTrips: calls.redisRoundTrips / sent,
          httpRequests: calls.http / sent,
        },
        profile: summary,
        run,
        floor: { profile: floor.summary, calls: floor.calls, rate: floor.run.rate },
      },
      notes: [
        "Profile: the unchanged worker main imported by bench/src/profiled-worker-main.ts, which wraps pg's " +
          "Client#query, ioredis's sendCommand/Pipeline#exec/defineCommand and listens to node:http's client " +
          "diagnostics channel to count calls, and runs the V8 sampling profiler (1 ms, as --cpu-prof) over exactly " +
          "the drain window (saved as bench/results/latest-worker.cpuprofile). Self time is charged to the package or repo folder of the frame (native frames to their " +
          "caller). The profiler samples wall time: on a busy 2-core machine a thread preempted inside a syscall " +
          "(a socket writev that wakes Postgres, Redis or the provider) is charged to that syscall, so busy time here " +
          "exceeds the worker's CPU time from /proc. The profiler costs some throughput; use the end-to-end figure for the rate.",
      ],
    };
  },
};
