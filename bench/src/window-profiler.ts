import { Session } from "node:inspector/promises";

/** A V8 CPU profile (the `.cpuprofile` format that `--cpu-prof` writes). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface WindowProfiler {
  start: () => Promise<void>;
  /** Stops and returns the profile of the window since `start`. */
  stop: () => Promise<CpuProfile>;
}

/**
 * The V8 sampling profiler of this very process (what `--cpu-prof` uses), started and stopped on
 * demand so a profile covers a chosen window rather than the process's whole life.
 */
export function createWindowProfiler(samplingIntervalMicros = 1_000): WindowProfiler {
  const session = new Session();
  session.connect();
  return {
    start: async () => {
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalMicros });
      await session.post("Profiler.start");
    },
    stop: async () => {
      const { profile } = await session.post("Profiler.stop");
      await session.post("Profiler.disable");
      return profile as unknown as CpuProfile;
    },
  };
}
