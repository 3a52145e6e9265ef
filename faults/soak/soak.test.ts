import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { afterAll, describe, expect, inject, it } from "vitest";
import { auditStack } from "../src/audit.js";
import { type FaultStack, startFaultStack } from "../src/fault-stack.js";

// `pnpm test:soak` (not in CI): a long run with a steady inflow and periodic restarts, checking
// that sending never stops while messages wait. SOAK_MINUTES sets its length (default 30).

let stack: FaultStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WINDOW_MS = 10_000;
const INTERVAL_MS = 1_000;
const BATCH = 50;
/** Messages added per second: a little over the pace (BATCH per INTERVAL_MS), in bursts. */
const INFLOW_PER_SECOND = 53;
const REPORT = new URL("../../docs/soak-report.md", import.meta.url);

interface Window {
  at: number;
  backlog: number;
  sent: number;
}

async function counts(s: FaultStack): Promise<{ backlog: number; sent: number }> {
  const rows = await s.db
    .selectFrom("messages")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("status")
    .execute();
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  return { backlog: (by.pending ?? 0) + (by.queued ?? 0) + (by.sending ?? 0), sent: by.sent ?? 0 };
}

describe("soak", () => {
  it(`${MINUTES} minutes of inflow with worker and API restarts: sending never stops while messages wait`, async () => {
    stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      workers: 2,
      apis: 2,
      intervalMs: INTERVAL_MS,
      batchSize: BATCH,
    });
    await stack.setSwitches({ latencyMs: 20 });
    const s = stack;
    const started = Date.now();
    const ends = started + MINUTES * 60_000;
    const windows: Window[] = [];
    const restarts: string[] = [];
    let tick = 0;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while (Date.now() < ends) {
      // A burst every 10 s, a little more than the pace sends: a backlog builds up and stays.
      await s.insert(INFLOW_PER_SECOND * (WINDOW_MS / 1_000));
      const first = await counts(s);
      tick++;
      // Restarts happen inside a window, 3 s in, so the windows measure them.
      const restart = (async () => {
        await sleep(3_000);
        if (tick % 6 === 0) {
          const i = (tick / 6) % 2;
          restarts.push(`${Math.round((Date.now() - started) / 1000)} s: worker-${i} SIGKILL`);
          await s.restartWorker(i, "SIGKILL");
        }
        if (tick % 9 === 0) {
          const i = (tick / 9) % 2;
          restarts.push(`${Math.round((Date.now() - started) / 1000)} s: api-${i} SIGTERM`);
          await s.restartApi(i, "SIGTERM");
        }
      })();
      await sleep(WINDOW_MS);
      const now = await counts(s);
      windows.push({ at: Date.now() - started, backlog: first.backlog, sent: now.sent - first.sent });
      await restart;
    }
    const stalled = windows.filter((w) => w.backlog > 0 && w.sent === 0);
    await s.drained(300_000);
    const audit = await auditStack(s, "soak", Date.now() - started);
    const rates = windows.filter((w) => w.backlog > 0).map((w) => (w.sent * 1_000) / WINDOW_MS);
    const lines = [
      "# Soak report (latest run)",
      "",
      `Run on ${new Date(started).toISOString()}: ${MINUTES} minutes, ${cpus()[0]?.model ?? "unknown CPU"}, ` +
        `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
        "Reproduce with `pnpm test:soak` (SOAK_MINUTES sets the length).",
      "",
      `Setup: 2 workers, 2 APIs, pace ${BATCH} per ${INTERVAL_MS} ms, a burst of ${INFLOW_PER_SECOND * 10} messages every 10 s ` +
        "(a little more than the pace sends, so a backlog builds up), a worker killed (SIGKILL) every minute and an API " +
        "stopped (SIGTERM) every 90 s, each restarted at once, 3 s into a measured 10 s window.",
      "",
      "| figure | value |",
      "|---|---|",
      `| messages | ${audit.messages} |`,
      `| sent | ${audit.sent} |`,
      `| duplicates / lost / stuck | ${audit.duplicates} / ${audit.lost} / ${audit.stuck} |`,
      `| repeat requests (deduplicated by key) | ${audit.repeatRequests} |`,
      `| restarts | ${restarts.length} (${restarts.filter((r) => r.includes("worker")).length} workers, ${restarts.filter((r) => r.includes("api")).length} APIs) |`,
      `| 10 s windows starting with a backlog | ${rates.length} |`,
      `| ... of them with nothing sent | ${stalled.length} |`,
      `| throughput in those windows (msg/s; the pace is ${(BATCH * 1_000) / INTERVAL_MS}): min / median / max | ${Math.min(...rates).toFixed(1)} / ${rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]?.toFixed(1)} / ${Math.max(...rates).toFixed(1)} |`,
      `| result | ${stalled.length === 0 && audit.problems.length === 0 ? "pass" : `FAIL: ${[...audit.problems, ...stalled.map((w) => `nothing sent in the window ending at ${Math.round(w.at / 1000)} s`)].slice(0, 3).join("; ")}`} |`,
      "",
    ];
    writeFileSync(REPORT, lines.join("\n"));
    process.stdout.write(`\n${lines.join("\n")}\n`);
    expect(stalled).toEqual([]);
    expect(audit.problems).toEqual([]);
  });
});
