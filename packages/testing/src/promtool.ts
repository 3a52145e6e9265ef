import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { loadTestEnv } from "@dispatcher/config";

export interface PromtoolCheck {
  /** 0: clean; 3: lint problems only; 1: the text does not parse. */
  exitCode: number;
  /** Lint problems as promtool prints them: `<metric> <problem>`. */
  problems: string[];
  /** Everything promtool printed. */
  output: string;
}

/**
 * Lint problems promtool reports in prom-client's own default Node metrics, which we export as
 * they are (dashboards expect these names): three gauges whose names end in `_total`.
 */
const DEFAULT_METRIC_PROBLEM =
  /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;

/**
 * Runs Prometheus's `promtool check metrics` (PROMTOOL, default where scripts/install-promtool.sh
 * puts it) on `text`. Throws when promtool is missing, saying how to install it.
 */
export function promtoolCheckMetrics(text: string): PromtoolCheck {
  const promtool = loadTestEnv().PROMTOOL;
  try {
    accessSync(promtool, constants.X_OK);
  } catch {
    throw new Error(
      `promtool is not at ${promtool}: run \`bash scripts/install-promtool.sh\` (it prints the path) or set PROMTOOL`,
    );
  }
  const run = spawnSync(promtool, ["check", "metrics"], { input: text, encoding: "utf8", timeout: 30_000 });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  const problems = run.status === 3 ? run.stderr.split("\n").filter((line) => line.trim() !== "") : [];
  return { exitCode: run.status ?? -1, problems, output };
}

/** The problems left once prom-client's known default-metric problems are set aside. */
export function ownProblems(check: PromtoolCheck): string[] {
  return check.problems.filter((problem) => !DEFAULT_METRIC_PROBLEM.test(problem));
}
