import type { DispatchRunResult } from "./dispatch-run.js";
import { dec, int } from "./format.js";
import type { ResultRow } from "./measurement.js";

/** The "sent exactly once" row of a dispatch run. */
export function verificationRow(label: string, run: DispatchRunResult): ResultRow {
  const v = run.verification;
  return {
    metric: `${label}: every message sent exactly once`,
    value: v.ok
      ? `yes (provider accepted ${int(v.provider.accepted)}, duplicates 0, DB sent ${int(v.dbSent)})`
      : `NO: DB sent ${int(v.dbSent)}, failed ${int(v.dbFailed)}, unfinished ${int(v.dbUnfinished)}; provider accepted ${int(v.provider.accepted)}, duplicates ${v.provider.duplicates}, rejected ${v.provider.rejected}`,
    raw: v.ok ? 1 : 0,
    unit: "bool",
    target: "accepted = N, duplicates = 0",
    met: v.ok,
  };
}

/** One "sent exactly once" row for several runs: yes in every run, or the first run that failed. */
export function verificationOfAll(label: string, runs: DispatchRunResult[]): ResultRow {
  const failed = runs.find((r) => !r.verification.ok);
  return failed
    ? verificationRow(`${label}, run ${runs.indexOf(failed) + 1}`, failed)
    : {
        ...verificationRow(label, runs[0]!),
        value: `yes, in all ${runs.length} run${runs.length === 1 ? "" : "s"}`,
      };
}

/** "worker 310 µs, postgres 120 µs, …; machine 1.9 of 2 cores busy" for a dispatch run. */
export function cpuSummary(run: DispatchRunResult, cores: number): string {
  const parts = Object.entries(run.cpuMicrosPerMessage)
    .filter(([, micros]) => micros >= 0.5)
    .map(([group, micros]) => `${group} ${int(micros)} µs`);
  return `${parts.join(", ")}; machine ${dec(run.cpu.machineBusyCores, 2)} of ${cores} cores busy`;
}
