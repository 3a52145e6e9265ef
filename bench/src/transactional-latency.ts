// Transactional latency under a bulk drain. One worker drains a bulk backlog at full speed (the
// bulk lane at 10,000 a second on the scheduler alone, so the worker's SEND_WINDOW keeps Redis
// bounded) while a client sends one-time passwords through a real API process, `priority:
// transactional`, at a fixed rate. Every other setting is at its default; the transactional lane
// keeps whatever pace BUILT_IN_LANES gives it.
//
// Latency: from the client's start of `POST /api/v1/messages` to the mock provider's arrival time
// of the first request carrying that message's Idempotency-Key (the message's `idempotency_key`,
// which the worker sends with every attempt), both on this machine's clock. An OTP that never
// reached the provider ranks above every other, so a percentile that falls among them reads
// "not reached" rather than being flattered by leaving them out.
//
// Drain rate: bulk rows counted by their `sent_at`, after the run, in three windows set in time
// from the first bulk send (plus a warm-up; how long the first claim takes varies with the
// machine's load): a quiet window, the OTP window, a quiet window of the same length as the first. Why quiet windows on both sides (A–B–A) rather than one quiet phase first: a drain's
// rate drifts as it goes (the table fills with sent rows, the sent cache grows, autovacuum runs,
// the machine is shared), and a single quiet phase before would charge that drift to the OTP
// traffic; with one on each side, a steady drift weighs on both and cancels in their mean.
// Alternating short phases would cancel more of it, but the OTP traffic is one continuous minute,
// so that a queue has the time to build and show in the percentiles. A window is cut at the last
// bulk send when the backlog runs out inside it; past it, nothing was left to drain.
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_LANE } from "@dispatcher/core";
import { mockProviderClient } from "@dispatcher/mock-provider";
import type { CpuReport } from "./cpu-accounting.js";
import { type DispatchRunResult, type RunningDispatch, runDispatch } from "./dispatch-run.js";
import { dec, int, median, ms } from "./format.js";
import { type LatencySummary, summarizeLatencies } from "./latency-percentiles.js";
import type { BenchContext, Measurement, MeasurementResult, ResultRow } from "./measurement.js";
import { OTP_LANE, type OtpRequest, sendOtpTraffic } from "./otp-traffic.js";
import { findPids } from "./process-stats.js";
import {
  countByLaneAndStatus,
  idempotencyKeys,
  postgresPids,
  sentBetween,
  sentSpan,
  unfinishedByLane,
} from "./seed-messages.js";
import { accountWindows, type TimeWindow } from "./window-cpu.js";

/** The bulk lane's pace: 10,000 every second, far past what one worker sends. */
const BULK_BATCH = 10_000;
/** The issue's targets: p99 of the OTP latency, and the bulk drain rate kept under OTP traffic. */
const P99_TARGET_MS = 150;
const DRAIN_TARGET = 0.9;
/** Once the bulk is drained, how long past the last OTP request the run still waits for unsent OTPs. */
const OTP_GRACE_MS = 30_000;

/** A window's bulk sends, counted after the run. */
interface WindowCount extends TimeWindow {
  /** `to`, cut at the last bulk send when the backlog ran out before it. */
  cutTo: number;
  bulkSent: number;
}

/** One OTP request and what became of it. */
interface TimedOtp extends OtpRequest {
  /** Milliseconds from `sentAt` to the provider's first arrival of its key; null if none came. */
  latencyMs: number | null;
  /** When none came: milliseconds from `sentAt` to reading the provider's log, a floor of its latency. */
  waitedMs: number | null;
}

const seconds = (w: { from: number; cutTo: number }) => Math.max(0, w.cutTo - w.from) / 1_000;

/** What one run of the measurement saw: its OTPs, its windows' bulk sends, its final counts. */
interface LatencyRun {
  requests: OtpRequest[];
  /** Warm-up requests sent before the measured ones (see `during`). */
  warmedUp: number;
  timed: TimedOtp[];
  counted: { before: WindowCount; otp: WindowCount; after: WindowCount };
  lanes: Record<string, Record<string, number>>;
  run: DispatchRunResult;
  rates: { without: number | null; with: number | null; kept: number | null; cut: boolean };
  /** CPU per process group in each window (see accountWindows); missing when the run stopped early. */
  cpu: { before: CpuReport; otp: CpuReport; after: CpuReport } | undefined;
}

export const transactionalLatency: Measurement = {
  name: "latency",
  title: "10. One-time passwords under a bulk drain: latency to the provider, drain rate kept",
  run: async (ctx: BenchContext): Promise<MeasurementResult> => {
    const sizes = ctx.sizes;
    const bulk = sizes.latencyBulkMessages;
    const n = sizes.latencyRuns;
    const planned = sizes.latencyOtpPerSecond * sizes.latencyOtpSeconds;
    const runs: LatencyRun[] = [];
    for (let i = 1; i <= n; i++) runs.push(await runOnce(ctx, n > 1 ? `latency-${i}of${n}` : "latency"));

    const requests = runs.flatMap((r) => r.requests);
    const timed = runs.flatMap((r) => r.timed);
    const stored = timed.filter((t) => t.messageId !== null);
    const latency = summarizeLatencies(stored.map((t) => t.latencyMs));
    const waited = stored.flatMap((t) => (t.waitedMs === null ? [] : [t.waitedMs]));
    const latencyRow = (name: string, value: number | null) => latencyRowOf(name, value, latency, waited);
    const answered = summarizeLatencies(requests.map((r) => r.answeredAfterMs));
    const keptEach = runs.flatMap((r) => (r.rates.kept === null ? [] : [r.rates.kept]));
    const kept = keptEach.length === n ? median(keptEach) : null;
    const over = n > 1 ? ` (${n} runs)` : "";

    const rows: ResultRow[] = [
      latencyRow(`p50${over}`, latency.p50),
      latencyRow(`p95${over}`, latency.p95),
      {
        ...latencyRow(`p99${over}`, latency.p99),
        target: `≤ ${P99_TARGET_MS} ms`,
        met: latency.p99 !== null && latency.p99 <= P99_TARGET_MS,
      },
      latencyRow(`max${over}`, latency.max),
      {
        metric: `OTPs sent / stored / reached the provider${over}`,
        value: `${int(requests.length)} / ${int(stored.length)} / ${int(latency.arrived)} (planned ${int(planned * n)}: ${sizes.latencyOtpPerSecond}/s for ${sizes.latencyOtpSeconds} s${n > 1 ? `, ${n} times` : ""})`,
        raw: latency.arrived,
        unit: "messages",
        target: "all reach it",
        met: requests.length === planned * n && latency.arrived === planned * n,
      },
      {
        metric: `API answer to the OTP POST, p50 / p99${over}`,
        value: `${answered.p50 === null ? "—" : ms(answered.p50)} / ${answered.p99 === null ? "—" : ms(answered.p99)}`,
        raw: answered.p99,
        unit: "ms",
      },
      ...runs.map((r, i): ResultRow => {
        const c = r.counted;
        const quiet = dec(seconds(c.before) + seconds(c.after), 0);
        const rate = (v: number | null) => (v === null ? "no window" : int(v));
        return {
          metric: `${n > 1 ? `run ${i + 1}: ` : ""}bulk drain without (${quiet} s) / with OTP traffic (${dec(seconds(c.otp), 0)} s)`,
          value:
            `${rate(r.rates.without)} / ${rate(r.rates.with)} msg/s, kept ${r.rates.kept === null ? "—" : dec(r.rates.kept, 3)}` +
            (r.rates.cut ? " (a window cut: the backlog ran out)" : ""),
          raw: r.rates.kept,
          unit: "ratio",
        };
      }),
      {
        metric: `bulk drain with OTP traffic / without${n > 1 ? `, median of ${n} runs` : ""}`,
        value: kept === null ? "no window" : dec(kept, 3),
        raw: kept,
        unit: "ratio",
        target: `≥ ${dec(DRAIN_TARGET, 2)}`,
        met: kept !== null && kept >= DRAIN_TARGET,
      },
      ...cpuRows(runs, sizes.latencyOtpPerSecond),
      exactlyOnce(runs, bulk),
    ];
    return {
      rows,
      details: {
        bulkMessages: bulk,
        bulkBatch: BULK_BATCH,
        otpPerSecond: sizes.latencyOtpPerSecond,
        otpSeconds: sizes.latencyOtpSeconds,
        graceMs: OTP_GRACE_MS,
        latency,
        answered,
        kept,
        runs: runs.map((r) => ({
          windows: r.counted,
          rates: r.rates,
          cpu: r.cpu,
          lanes: r.lanes,
          otps: r.timed,
          run: r.run,
        })),
      },
      notes: [
        `Latency: ${int(bulk)} bulk messages pending, drained by one worker (every default but WORKER_CONCURRENCY ` +
          `${ctx.concurrency}; the bulk lane at ${int(BULK_BATCH)} a second on the scheduler alone, SEND_WINDOW at its ` +
          `default; the transactional lane as built in) while a client sends ${sizes.latencyOtpPerSecond} one-time ` +
          `passwords a second for ${sizes.latencyOtpSeconds} s (open loop, each to its own number) to POST ` +
          "/api/v1/messages of a real API process (auth on, its rate limit at the default), warmed first by the same " +
          `traffic during the warm-up (${runs.map((r) => int(r.warmedUp)).join(", ")} requests, sent and checked but not timed). Latency: from the client's start of the POST to the mock provider's arrival time of ` +
          "the first request with the message's Idempotency-Key; an OTP that never arrived ranks above all others. " +
          `Drain rate: bulk rows by sent_at in a ${sizes.latencyQuietSeconds} s window before the OTP traffic and one ` +
          `after it (their mean cancels a steady drift), against the OTP window itself. After the bulk is drained the ` +
          `run waits up to ${OTP_GRACE_MS / 1_000} s past the last OTP request for OTPs still unsent.` +
          (n > 1
            ? ` The whole run is made ${n} times, each on a fresh database: the percentiles are of every OTP of all ` +
              `${n}, the drain kept is the median of the runs' own ratios (a ${sizes.latencyQuietSeconds} s window's rate ` +
              "moves by about ±10 % from run to run on a shared 2-core machine, as much as the loss measured)."
            : ""),
      ],
    };
  },
};

/** One run: a fresh backlog drained while the OTP traffic runs through its window (see the top). */
async function runOnce(ctx: BenchContext, label: string): Promise<LatencyRun> {
  const sizes = ctx.sizes;
  const bulk = sizes.latencyBulkMessages;
  let windows: { before: TimeWindow; otp: TimeWindow; after: TimeWindow } | undefined;
  let requests: OtpRequest[] = [];
  let warmedUp = 0;
  let timed: TimedOtp[] = [];
  let counted: LatencyRun["counted"] | undefined;
  let lanes: Record<string, Record<string, number>> = {};
  let cpu: LatencyRun["cpu"];
  const during = async (run: RunningDispatch) => {
    const firstSend = await firstBulkSend(run);
    const at = (s: number) => firstSend + s * 1_000;
    const before = {
      from: at(sizes.latencyWarmupSeconds),
      to: at(sizes.latencyWarmupSeconds + sizes.latencyQuietSeconds),
    };
    const otp = { from: before.to, to: before.to + sizes.latencyOtpSeconds * 1_000 };
    const after = { from: otp.to, to: otp.to + sizes.latencyQuietSeconds * 1_000 };
    windows = { before, otp, after };
    const redisPids = findPids("redis-server");
    const cpuWindows = accountWindows(
      {
        worker: () => run.workers.map((w) => w.child.pid!),
        api: () => [run.api!.app.child.pid!],
        postgres: () => postgresPids(run.sandbox.db),
        redis: () => redisPids,
        "mock-provider": () => [run.provider.app.child.pid!],
      },
      [before, otp, after],
      run.signal,
    ).catch((error: unknown) => {
      // The CPU rows are left out; the run's own figures stand.
      ctx.progress(label, `could not read the windows' CPU: ${(error as Error).message}`);
      return [];
    });
    ctx.progress(
      label,
      `first bulk send ${dec((firstSend - run.startedAt) / 1_000)} s after the start; OTP traffic ` +
        `${sizes.latencyWarmupSeconds + sizes.latencyQuietSeconds} s after it: ${sizes.latencyOtpPerSecond}/s for ${sizes.latencyOtpSeconds} s`,
    );
    // A deployed API is warm: the same traffic through the warm-up seconds (its pool's
    // connections opened, its code compiled), before the first quiet window; not counted.
    const warmup = await sendOtpTraffic({
      apiUrl: run.api!.baseUrl,
      apiKey: run.api!.apiKey,
      perSecond: sizes.latencyOtpPerSecond,
      seconds: Math.max(0, Math.floor((before.from - Date.now()) / 1_000) - 1),
      startAt: Date.now(),
      signal: run.signal,
      onStored: () => run.added(1),
    });
    warmedUp = warmup.length;
    requests = await sendOtpTraffic({
      apiUrl: run.api!.baseUrl,
      apiKey: run.api!.apiKey,
      perSecond: sizes.latencyOtpPerSecond,
      seconds: sizes.latencyOtpSeconds,
      startAt: otp.from,
      signal: run.signal,
      onStored: () => run.added(1),
    });
    const stored = requests.filter((r) => r.messageId !== null).length;
    ctx.progress(label, `OTP traffic over: ${int(requests.length)} sent, ${int(stored)} stored`);
    const [cpuBefore, cpuOtp, cpuAfter] = await cpuWindows;
    cpu = cpuAfter ? { before: cpuBefore!, otp: cpuOtp!, after: cpuAfter } : undefined;
    const lastRequest = requests.at(-1)?.sentAt ?? otp.to;
    // Until the second quiet window has passed and the bulk is drained; OTPs get OTP_GRACE_MS.
    for (;;) {
      const unfinished = await unfinishedByLane(run.sandbox.db);
      const now = Date.now();
      const bulkDone = !unfinished[DEFAULT_LANE];
      const otpDone = !unfinished[OTP_LANE] || now >= lastRequest + OTP_GRACE_MS;
      if (now >= after.to && bulkDone && otpDone) return;
      await sleep(1_000, undefined, { signal: run.signal });
    }
  };

  const afterStop = async (run: RunningDispatch) => {
    const db = run.sandbox.db;
    const provider = mockProviderClient(run.provider.baseUrl);
    // The workers have stopped: an OTP not in the log by now had not arrived by now.
    const readAt = Date.now();
    const [answers, received] = await Promise.all([provider.answers(), provider.received()]);
    if (answers.length < received.counters.requests) {
      throw new Error(
        `the mock provider's answer log kept ${answers.length} of ${received.counters.requests} requests`,
      );
    }
    const keys = await idempotencyKeys(
      db,
      requests.flatMap((r) => (r.messageId === null ? [] : [r.messageId])),
    );
    const otpKeys = new Set(keys.values());
    const arrivals = new Map<string, number>();
    for (const answer of answers) {
      const key = answer.idempotencyKey;
      if (key === null || !otpKeys.has(key)) continue;
      arrivals.set(key, Math.min(arrivals.get(key) ?? Number.POSITIVE_INFINITY, answer.receivedAt));
    }
    timed = requests.map((r) => {
      const key = r.messageId === null ? undefined : keys.get(r.messageId);
      const arrival = key === undefined ? undefined : arrivals.get(key);
      return arrival === undefined
        ? { ...r, latencyMs: null, waitedMs: readAt - r.sentAt }
        : { ...r, latencyMs: arrival - r.sentAt, waitedMs: null };
    });
    lanes = await countByLaneAndStatus(db);
    const lastBulk = (await sentSpan(db, DEFAULT_LANE)).last?.getTime();
    const count = async (w: TimeWindow): Promise<WindowCount> => {
      // Past the last bulk send nothing was left to drain; the row sent at it counts.
      const cutTo = lastBulk === undefined ? w.from : Math.min(w.to, lastBulk + 1);
      const bulkSent = cutTo > w.from ? await sentBetween(db, DEFAULT_LANE, w.from, cutTo) : 0;
      return { ...w, cutTo, bulkSent };
    };
    const w = windows!;
    counted = { before: await count(w.before), otp: await count(w.otp), after: await count(w.after) };
  };

  const run = await runDispatch(ctx, {
    label,
    messages: bulk,
    workers: 1,
    batchSize: BULK_BATCH,
    pump: false,
    api: true,
    // Full records of every request would make the mock provider a bottleneck of the drain.
    providerEnv: { MOCK_PROVIDER_RECORDS: "keys" },
    during,
    afterStop,
  });

  const c = counted!;
  const quietSeconds = seconds(c.before) + seconds(c.after);
  const without = quietSeconds > 0 ? (c.before.bulkSent + c.after.bulkSent) / quietSeconds : null;
  const withRate = seconds(c.otp) > 0 ? c.otp.bulkSent / seconds(c.otp) : null;
  const kept = withRate !== null && without ? withRate / without : null;
  const cut = [c.before, c.otp, c.after].some((w) => w.cutTo < w.to);
  return {
    requests,
    warmedUp,
    timed,
    counted: c,
    lanes,
    run,
    rates: { without, with: withRate, kept, cut },
    cpu,
  };
}

/** Epoch milliseconds of the run's first bulk send, once there is one (polled every 200 ms). */
async function firstBulkSend(run: RunningDispatch): Promise<number> {
  for (;;) {
    const first = (await sentSpan(run.sandbox.db, DEFAULT_LANE)).first;
    if (first) return first.getTime();
    await sleep(200, undefined, { signal: run.signal });
  }
}

/**
 * A latency percentile's row: its value, or "not reached" when it falls among the OTPs that never
 * arrived, with the least time any of them had waited when the run ended (`waitedMs`): a floor.
 */
function latencyRowOf(
  name: string,
  value: number | null,
  summary: LatencySummary,
  waitedMs: number[],
): ResultRow {
  const missing = summary.count - summary.arrived;
  const floor = waitedMs.length > 0 ? `over ${ms(Math.min(...waitedMs))}: ` : "";
  return {
    metric: `OTP latency ${name}, POST → provider`,
    value:
      value !== null
        ? ms(value)
        : summary.count === 0
          ? "no OTP stored"
          : `not reached (${floor}${int(missing)} of ${int(summary.count)} never reached the provider)`,
    raw: value,
    unit: "ms",
  };
}

/**
 * Where the drain's CPU goes, median of the runs that read every window and whose windows the
 * backlog did not cut: each process group's cores in the quiet windows and in the OTP window; what
 * each OTP added to each (the OTP window's cores over the quiet ones', per OTP a second); and the
 * machine's CPU per bulk message in the quiet windows. "bench" is this process: the OTP client and
 * the run's polling.
 */
function cpuRows(runs: readonly LatencyRun[], otpPerSecond: number): ResultRow[] {
  // A window the backlog cut holds idle time past the last bulk send: such runs are left out.
  const read = runs.flatMap((r) => (r.cpu && !r.rates.cut ? [{ cpu: r.cpu, counted: r.counted }] : []));
  if (read.length === 0) return [];
  const names = [...Object.keys(read[0]!.cpu.otp.groups), "bench", "machine"];
  const cpuSeconds = (report: CpuReport, name: string) =>
    name === "bench" ? report.bench : name === "machine" ? report.machineBusy : (report.groups[name] ?? 0);
  const quiet = (c: NonNullable<LatencyRun["cpu"]>, name: string) =>
    (cpuSeconds(c.before, name) + cpuSeconds(c.after, name)) / (c.before.wallSeconds + c.after.wallSeconds);
  const during = (c: NonNullable<LatencyRun["cpu"]>, name: string) =>
    cpuSeconds(c.otp, name) / c.otp.wallSeconds;
  const groups = names.map((name) => ({
    name,
    quiet: median(read.map((r) => quiet(r.cpu, name))),
    otp: median(read.map((r) => during(r.cpu, name))),
    addedMs: median(read.map((r) => ((during(r.cpu, name) - quiet(r.cpu, name)) * 1_000) / otpPerSecond)),
  }));
  const machine = groups.find((g) => g.name === "machine")!;
  const processes = groups.filter((g) => g.name !== "machine");
  const perBulk = read.map((r) => {
    const sent = r.counted.before.bulkSent + r.counted.after.bulkSent;
    return ((r.cpu.before.machineBusy + r.cpu.after.machineBusy) * 1_000) / sent;
  });
  const over = read.length > 1 ? ` (median of ${read.length} runs)` : "";
  return [
    {
      metric: `CPU in cores, quiet windows / OTP window${over}`,
      value: groups.map((g) => `${g.name} ${dec(g.quiet, 2)} / ${dec(g.otp, 2)}`).join("; "),
      raw: machine.otp - machine.quiet,
      unit: "cores",
    },
    {
      metric: `CPU each OTP added, OTP window over quiet${over}`,
      value:
        `machine ${dec(machine.addedMs, 2)} ms: ` +
        processes.map((g) => `${g.name} ${dec(g.addedMs, 2)}`).join(", "),
      raw: machine.addedMs,
      unit: "ms",
    },
    {
      metric: `machine CPU per bulk message, quiet windows${over}`,
      value: `${dec(median(perBulk), 2)} ms`,
      raw: median(perBulk),
      unit: "ms",
    },
  ];
}

/**
 * Every message sent exactly once, in every run: the provider saw no duplicate and refused
 * nothing, accepted as many keys as Postgres has `sent` rows, and every bulk row is sent. OTPs
 * still unsent are not sent twice; the row above counts them. Counts are summed over the runs.
 */
function exactlyOnce(runs: readonly LatencyRun[], bulk: number): ResultRow {
  const sum = (f: (r: LatencyRun) => number) => runs.reduce((n, r) => n + f(r), 0);
  const ok = runs.every((r) => {
    const provider = r.run.verification.provider;
    return (
      provider.duplicates === 0 &&
      provider.rejected === 0 &&
      provider.accepted === r.run.verification.dbSent &&
      (r.lanes[DEFAULT_LANE]?.sent ?? 0) === bulk
    );
  });
  const accepted = sum((r) => r.run.verification.provider.accepted);
  const duplicates = sum((r) => r.run.verification.provider.duplicates);
  const rejected = sum((r) => r.run.verification.provider.rejected);
  const bulkSent = sum((r) => r.lanes[DEFAULT_LANE]?.sent ?? 0);
  const otpSent = sum((r) => r.lanes[OTP_LANE]?.sent ?? 0);
  const unfinished = sum((r) => r.run.verification.dbUnfinished);
  const failed = sum((r) => r.run.verification.dbFailed);
  return {
    metric: "every message sent exactly once",
    value: `${ok ? "yes" : "NO"}: provider accepted ${int(accepted)}, duplicates ${int(duplicates)}, rejected ${int(rejected)}; Postgres sent ${int(bulkSent)} bulk of ${int(bulk * runs.length)}, ${int(otpSent)} OTPs (${int(unfinished)} unfinished, ${int(failed)} failed)`,
    raw: ok ? 1 : 0,
    unit: "bool",
    target: "duplicates = 0, accepted = sent",
    met: ok,
  };
}
