import type { BenchSizes } from "./bench-sizes.js";
import type { MachineFacts } from "./machine-facts.js";
import type { MeasurementResult, ResultRow } from "./measurement.js";

/** One measurement's outcome in the report: its result, or the error that stopped it. */
export interface ReportEntry {
  name: string;
  title: string;
  seconds: number;
  result?: MeasurementResult;
  error?: string;
}

/** Everything `latest.json` holds. */
export interface BenchReport {
  machine: MachineFacts;
  settings: {
    sizes: BenchSizes;
    only: string[] | null;
    concurrency: number;
    appLogLevel: string;
    autovacuumEmulation: boolean;
  };
  startedAt: string;
  totalSeconds: number;
  measurements: ReportEntry[];
}

function verdict(row: ResultRow): string {
  if (row.met === undefined) return "";
  return row.met ? "met" : "MISSED";
}

/** The plain-text table printed on stdout: one block per measurement, columns aligned. */
export function renderText(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    "",
    `Benchmark (${report.settings.sizes.mode}) on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}, ` +
      `Postgres ${m.postgres}, Redis ${m.redis}; ${m.date}; commit ${m.commit}; load at start ${m.loadAverage.join(" ")}`,
    `WORKER_CONCURRENCY ${report.settings.concurrency}, LOG_LEVEL ${report.settings.appLogLevel}; total ${report.totalSeconds.toFixed(0)} s`,
  ];
  for (const entry of report.measurements) {
    lines.push("", `== ${entry.title} (${entry.seconds.toFixed(0)} s)`);
    if (entry.error) {
      lines.push(`  FAILED: ${entry.error.split("\n")[0]}`);
      continue;
    }
    const rows = entry.result!.rows;
    const width = Math.min(48, Math.max(...rows.map((r) => r.metric.length)));
    for (const row of rows) {
      const target = row.target ? `   [target ${row.target}: ${verdict(row)}]` : "";
      lines.push(`  ${row.metric.padEnd(width)}  ${row.value}${target}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The Markdown report: machine facts, the results table, notes, and the query plans. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [
    `# Benchmark results (${report.settings.sizes.mode})`,
    "",
    "| Machine | |",
    "|---|---|",
    `| Date | ${m.date} |`,
    `| CPU | ${cell(m.cpuModel)}, ${m.cores} cores |`,
    `| Memory | ${m.memoryGiB} GiB |`,
    `| Load average at start (1/5/15 min) | ${m.loadAverage.join(" / ")} |`,
    `| Node | ${m.node} |`,
    `| Postgres | ${m.postgres} (${Object.entries(m.postgresSettings)
      .filter(([k]) => k !== "server_version")
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}) |`,
    `| Redis | ${m.redis} |`,
    `| Commit | ${m.commit} |`,
    `| Settings | WORKER_CONCURRENCY ${report.settings.concurrency}, LOG_LEVEL ${report.settings.appLogLevel}, total ${report.totalSeconds.toFixed(0)} s |`,
    "",
    "| Measurement | Metric | Value | Target | |",
    "|---|---|---|---|---|",
  ];
  for (const entry of report.measurements) {
    if (entry.error) {
      out.push(`| ${cell(entry.title)} | FAILED | ${cell(entry.error.split("\n")[0] ?? "")} | | |`);
      continue;
    }
    for (const [i, row] of entry.result!.rows.entries()) {
      const title = i === 0 ? `${cell(entry.title)} (${entry.seconds.toFixed(0)} s)` : "";
      out.push(
        `| ${title} | ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.target ?? "")} | ${verdict(row)} |`,
      );
    }
  }
  out.push("", "## How each figure was measured", "");
  for (const entry of report.measurements) {
    for (const note of entry.result?.notes ?? []) out.push(`- ${note}`);
  }
  const claim = report.measurements.find((e) => e.name === "claim")?.result?.details as
    | { statement: { sql: string }; sizes: Array<{ sentRows: number; plan: string }> }
    | undefined;
  if (claim) {
    out.push("", "## Claim query plans", "", "The statement `claimPending` runs (captured from Kysely):", "");
    out.push("```sql", claim.statement.sql, "```");
    for (const size of claim.sizes) {
      out.push("", `### ${size.sentRows.toLocaleString("en-US")} sent rows`, "", "```", size.plan, "```");
    }
  }
  const api = report.measurements.find((e) => e.name === "api")?.result?.details as
    | { rows: number; listSentPlan: string }
    | undefined;
  if (api) {
    out.push(
      "",
      `## listSent plan at ${api.rows.toLocaleString("en-US")} rows`,
      "",
      "```",
      api.listSentPlan,
      "```",
    );
  }
  const profile = report.measurements.find((e) => e.name === "profile")?.result?.details as
    | {
        run: { verification: { dbSent: number } };
        calls: { sql: Record<string, number>; redis: Record<string, number> };
        profile: { functions: Array<{ function: string; component: string; ms: number }> };
      }
    | undefined;
  if (profile) {
    const sent = profile.run.verification.dbSent;
    const per = (n: number) => (n / sent).toFixed(3);
    out.push(
      "",
      "## Worker profile",
      "",
      "Postgres statements per message:",
      "",
      "| per msg | statement |",
      "|---|---|",
    );
    for (const [text, n] of Object.entries(profile.calls.sql).sort((a, b) => b[1] - a[1])) {
      out.push(`| ${per(n)} | \`${cell(text)}\` |`);
    }
    out.push("", "Redis commands per message:", "", "| per msg | command |", "|---|---|");
    for (const [name, n] of Object.entries(profile.calls.redis).sort((a, b) => b[1] - a[1])) {
      out.push(`| ${per(n)} | ${cell(name)} |`);
    }
    out.push(
      "",
      "Functions with the most self time:",
      "",
      "| µs/msg | component | function |",
      "|---|---|---|",
    );
    for (const fn of profile.profile.functions) {
      out.push(
        `| ${((fn.ms * 1000) / sent).toFixed(1)} | ${cell(fn.component)} | \`${cell(fn.function)}\` |`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}
