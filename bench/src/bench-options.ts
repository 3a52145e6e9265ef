import { type BenchSizes, FULL_SIZES, QUICK_SIZES } from "./bench-sizes.js";

/** What the command line asked for. */
export interface BenchOptions {
  sizes: BenchSizes;
  /** Measurement names to run (`--only=a,b`); undefined runs all. */
  only: string[] | undefined;
  /** LOG_LEVEL of the spawned worker and API processes (`--log-level=`, default `info` as deployed). */
  appLogLevel: string;
  /** Emulate autovacuum in dispatch runs when the server has it off (default; `--no-autovacuum-emulation`). */
  autovacuumEmulation: boolean;
}

const USAGE = `usage: pnpm bench [--quick] [--only=<name,...>] [--log-level=<level>]
  --quick            small sizes (CI smoke run, under 2 minutes); the targets are not judged on them
  --only=a,b         run only these measurements: baseline, e2e, scaling, claim, memory, profile,
                     tracing, sweep, drain, latency
                     (e2e and scaling also run the baseline: their ratios need it)
  --log-level=info   LOG_LEVEL of the worker and API processes (default info, as deployed)
  --no-autovacuum-emulation
                     when the server runs with autovacuum off, leave it so (by default dispatch runs
                     VACUUM/ANALYZE their table at autovacuum's default thresholds, checked every 5 s)`;

/** Parses `argv` (without node and the script); throws with the usage on anything unknown. */
export function parseBenchOptions(argv: string[], known: string[]): BenchOptions {
  let sizes = FULL_SIZES;
  let only: string[] | undefined;
  let appLogLevel = "info";
  let autovacuumEmulation = true;
  for (const arg of argv) {
    if (arg === "--") continue;
    if (arg === "--quick") sizes = QUICK_SIZES;
    else if (arg.startsWith("--only=")) {
      only = arg
        .slice("--only=".length)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = only.filter((name) => !known.includes(name));
      if (unknown.length > 0) throw new Error(`unknown measurement(s): ${unknown.join(", ")}\n${USAGE}`);
    } else if (arg.startsWith("--log-level=")) appLogLevel = arg.slice("--log-level=".length);
    else if (arg === "--no-autovacuum-emulation") autovacuumEmulation = false;
    else if (arg === "--help" || arg === "-h") throw new Error(USAGE);
    else throw new Error(`unknown argument: ${arg}\n${USAGE}`);
  }
  if (only?.some((name) => name === "e2e" || name === "scaling") && !only.includes("baseline")) {
    only = ["baseline", ...only];
  }
  return { sizes, only, appLogLevel, autovacuumEmulation };
}
