import { rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { formatTable, RESULTS_FILE, readResults, writeReport } from "./report.js";

/**
 * Vitest global setup of the fault suite: starts each run with no results, and at the end prints
 * the report table and writes docs/fault-report.md.
 */
export default function setup(): () => void {
  rmSync(RESULTS_FILE, { force: true });
  const started = new Date();
  return () => {
    const results = readResults();
    if (results.length === 0) return;
    const facts =
      `Run on ${started.toISOString()} — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Reproduce with \`pnpm test:faults\`.`;
    process.stdout.write(`\nFault-injection report\n${formatTable(results)}\n\n`);
    writeReport(results, facts);
  };
}
