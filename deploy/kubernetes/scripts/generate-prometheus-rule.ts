// `pnpm check:generated` runs it with `--check`; without it, it writes the file.
// Writes deploy/kubernetes/base/prometheus-rule.yaml, a Prometheus Operator PrometheusRule holding
// the groups of deploy/prometheus/alerts.yml unchanged, so the alerts have one source. `--check`
// only compares, and fails when the committed file is out of date.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const ALERTS = fileURLToPath(new URL("../../prometheus/alerts.yml", import.meta.url));
const RULE = fileURLToPath(new URL("../base/prometheus-rule.yaml", import.meta.url));

/** The PrometheusRule YAML for the text of an alerts.yml (a Prometheus rule file). */
export function prometheusRuleYaml(alertsYaml: string): string {
  const { groups } = parse(alertsYaml) as { groups: unknown[] };
  const rule = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "dispatcher" },
    spec: { groups },
  };
  return [
    "# Generated from deploy/prometheus/alerts.yml by deploy/kubernetes/scripts/generate-prometheus-rule.ts",
    "# (`pnpm check:generated` fails when it is out of date). Edit alerts.yml, then run the script.",
    stringify(rule, { lineWidth: 0 }),
  ].join("\n");
}

const expected = prometheusRuleYaml(readFileSync(ALERTS, "utf8"));
if (process.argv.includes("--check")) {
  const current = existsSync(RULE) ? readFileSync(RULE, "utf8") : "";
  if (current !== expected) {
    console.error(
      "deploy/kubernetes/base/prometheus-rule.yaml is out of date: run `pnpm exec tsx deploy/kubernetes/scripts/generate-prometheus-rule.ts`",
    );
    process.exit(1);
  }
  console.log("deploy/kubernetes/base/prometheus-rule.yaml matches deploy/prometheus/alerts.yml");
} else {
  writeFileSync(RULE, expected);
  console.log("wrote deploy/kubernetes/base/prometheus-rule.yaml");
}
