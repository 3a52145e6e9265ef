import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ScenarioResult } from "./audit.js";

/** Where scenario results gather during a run, one JSON line each. */
export const RESULTS_FILE = new URL("../results/latest.jsonl", import.meta.url);
/** The Markdown report of the latest run, linked from the README. */
export const REPORT_FILE = new URL("../../docs/fault-report.md", import.meta.url);

export function recordResult(result: ScenarioResult): void {
  mkdirSync(dirname(RESULTS_FILE.pathname), { recursive: true });
  appendFileSync(RESULTS_FILE, `${JSON.stringify(result)}\n`);
}

export function readResults(): ScenarioResult[] {
  try {
    return readFileSync(RESULTS_FILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ScenarioResult);
  } catch {
    return [];
  }
}

/** The report table: one row per scenario. */
export function formatTable(results: ScenarioResult[]): string {
  const header = [
    "scenario",
    "messages",
    "sent",
    "failed (planned)",
    "unconfirmed",
    "duplicates",
    "lost",
    "stuck",
    "repeat requests",
    "drain",
    "figure",
    "result",
  ];
  const rows = results.map((r) => [
    r.scenario,
    String(r.messages),
    String(r.sent),
    String(r.failed),
    String(r.unconfirmed ?? 0),
    String(r.duplicates),
    String(r.lost),
    String(r.stuck),
    String(r.repeatRequests),
    `${(r.drainMs / 1000).toFixed(1)} s`,
    r.figure ?? "",
    r.passed ? "pass" : `FAIL: ${r.problems.slice(0, 2).join("; ")}`,
  ]);
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

export function writeReport(results: ScenarioResult[], facts: string): void {
  const body =
    `# Fault-injection report (latest run)\n\n${facts}\n\n${formatTable(results)}\n\n` +
    "Columns: *duplicates* are messages delivered more than once (must be 0); *lost* are messages neither " +
    "sent nor failed on purpose; *unconfirmed* are messages a provider without idempotency keys may have sent " +
    "after an unclear answer, held for an operator rather than sent twice; *stuck* are messages left queued or sending; *repeat requests* are requests " +
    "the provider received again for an already-accepted Idempotency-Key and deduplicated (at-least-once " +
    "delivery at work); *drain* is the time from the first message to the last one settled; *figure* is what the " +
    "scenario measured for its own claim.\n";
  mkdirSync(dirname(REPORT_FILE.pathname), { recursive: true });
  writeFileSync(REPORT_FILE, body);
}
