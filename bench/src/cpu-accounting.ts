import { readCpuSeconds, readMachineCpu } from "./process-stats.js";

/** CPU seconds used per group of processes over a window, and how busy the whole machine was. */
export interface CpuReport {
  wallSeconds: number;
  /** CPU seconds per group (user + system), over the window. */
  groups: Record<string, number>;
  /** CPU seconds of the bench process itself (polling, the tick pump, load generation). */
  bench: number;
  /** CPU seconds of the whole machine (all processes, all cores) over the window. */
  machineBusy: number;
  /** Busy cores on average: machineBusy / wallSeconds (at most the core count). */
  machineBusyCores: number;
  /** Of machineBusy, seconds in softirq (mostly loopback TCP), charged to no process. */
  machineSoftirq: number;
  /** CPU seconds the hypervisor took for other guests (not in machineBusy). */
  machineSteal: number;
  /** machineBusy minus every group, the bench and softirq: other people's work on this shared machine. */
  unaccounted: number;
}

export interface CpuAccounting {
  /** Reads every group now (call it about once a second so short-lived processes are seen). */
  sample: () => Promise<void>;
  /** Takes a last sample and returns the totals since the accounting started. */
  stop: () => Promise<CpuReport>;
}

/**
 * Accounts CPU per group of processes from /proc, starting now. `groups` name a way to list each
 * group's pids; it is asked again at every sample, so processes that start later are counted from
 * their birth (their CPU before the window can't be told apart, so it counts too).
 */
export async function startCpuAccounting(
  groups: Record<string, () => number[] | Promise<number[]>>,
): Promise<CpuAccounting> {
  const seen = new Map<string, Map<number, { first: number; last: number }>>();
  for (const name of Object.keys(groups)) seen.set(name, new Map());
  let initial = true;
  const sample = async () => {
    for (const [name, list] of Object.entries(groups)) {
      const pids = await list();
      const known = seen.get(name)!;
      for (const pid of pids) {
        const cpu = readCpuSeconds(pid);
        if (cpu === undefined) continue;
        const entry = known.get(pid);
        if (entry) entry.last = cpu;
        else known.set(pid, { first: initial ? cpu : 0, last: cpu });
      }
    }
    initial = false;
  };
  const startedAt = performance.now();
  const machineStart = readMachineCpu();
  const benchStart = process.cpuUsage();
  await sample();
  return {
    sample,
    stop: async () => {
      await sample();
      const wallSeconds = (performance.now() - startedAt) / 1000;
      const machine = readMachineCpu();
      const bench = process.cpuUsage(benchStart);
      const benchSeconds = (bench.user + bench.system) / 1e6;
      const totals: Record<string, number> = {};
      for (const [name, known] of seen) {
        totals[name] = [...known.values()].reduce((sum, e) => sum + (e.last - e.first), 0);
      }
      const machineBusy = machine.busy - machineStart.busy;
      const machineSoftirq = machine.softirq - machineStart.softirq;
      const accounted = Object.values(totals).reduce((a, b) => a + b, 0) + benchSeconds + machineSoftirq;
      return {
        wallSeconds,
        groups: totals,
        bench: benchSeconds,
        machineBusy,
        machineBusyCores: machineBusy / wallSeconds,
        machineSoftirq,
        machineSteal: machine.steal - machineStart.steal,
        unaccounted: Math.max(0, machineBusy - accounted),
      };
    },
  };
}
