import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Kernel clock ticks per second, the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** Resident set size now (`VmRSS`) and its peak so far (`VmHWM`), in bytes; undefined once the process is gone. */
export function readMemory(pid: number): { rss: number; peak: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0) * 1024;
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

/** CPU seconds (user + system) a process has used so far; undefined once it is gone. */
export function readCpuSeconds(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces; the fields after its closing paren are fixed.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds of the whole machine since boot (all cores, from /proc/stat): busy (user, nice,
 * system, irq, softirq), of which softirq (loopback networking is mostly processed there), and
 * steal (time the hypervisor gave to other guests; not counted as busy).
 */
export function readMachineCpu(): { busy: number; softirq: number; steal: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return {
    busy: (user + nice + system + irq + softirq) / CLOCK_TICKS,
    softirq: softirq / CLOCK_TICKS,
    steal: steal / CLOCK_TICKS,
  };
}

/** Ids of the processes whose command name is `name` (e.g. `redis-server`). */
export function findPids(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}
