import { setTimeout as sleep } from "node:timers/promises";
import { type CpuReport, startCpuAccounting } from "./cpu-accounting.js";

/** A stretch of a run, epoch milliseconds, [from, to). */
export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * CPU per group of processes (see startCpuAccounting) over each of `windows`, in order (they may
 * touch, not overlap): each window is read by an accounting of its own, started at its `from` and
 * stopped at its `to`, sampled every second between. Resolves once the last window has ended, or
 * with the windows read so far when `signal` aborts.
 */
export async function accountWindows(
  groups: Record<string, () => number[] | Promise<number[]>>,
  windows: readonly TimeWindow[],
  signal: AbortSignal,
): Promise<CpuReport[]> {
  const reports: CpuReport[] = [];
  const until = (at: number) =>
    sleep(Math.max(0, at - Date.now()), undefined, { signal }).then(
      () => !signal.aborted,
      () => false,
    );
  for (const window of windows) {
    if (!(await until(window.from))) break;
    const accounting = await startCpuAccounting(groups);
    while (Date.now() < window.to - 1_000) {
      if (!(await until(Math.min(window.to, Date.now() + 1_000)))) break;
      await accounting.sample();
    }
    if (!(await until(window.to))) break;
    reports.push(await accounting.stop());
  }
  return reports;
}
