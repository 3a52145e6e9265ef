import { bool, cleanEnv, str, url } from "envalid";
import { throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv } from "./env-source.js";

/** Where `scripts/install-promtool.sh` puts promtool by default, and the Prometheus server beside it. */
const DEFAULT_PROMTOOL = "/var/cache/dispatcher-tools/promtool/usr/bin/promtool";

/**
 * Where the test suites find Postgres and Redis (defaults: this machine's local services; each
 * test file still isolates itself with its own database and queue prefix), and `PROMTOOL`, the
 * Prometheus `promtool` binary the metrics tests check their output with (default: where
 * `scripts/install-promtool.sh` installs it), `PROMETHEUS`, the server one test starts (beside it),
 * `CHROMIUM`, the browser the contract tests drive, and `KUBECTL`, the kubectl that renders the
 * Kubernetes manifests (`kubectl kustomize`, offline).
 */
export function loadTestEnv(env: EnvSource = processEnv) {
  return cleanEnv(
    env,
    {
      DATABASE_URL: url({ default: "postgres://postgres@127.0.0.1:5432/test" }),
      REDIS_URL: url({ default: "redis://127.0.0.1:6379" }),
      PROMTOOL: str({ default: DEFAULT_PROMTOOL, desc: "Path of Prometheus's promtool" }),
      PROMETHEUS: str({
        default: "",
        desc: "Path of the Prometheus server binary (default: beside PROMTOOL, where scripts/install-promtool.sh puts it)",
      }),
      CHROMIUM: str({
        default: "/usr/bin/chromium",
        desc: "Path of the Chromium binary (Debian's by default)",
      }),
      KUBECTL: str({
        default: "kubectl",
        desc: "Path of kubectl (Debian's kubernetes-client by default, from the PATH)",
      }),
      UPDATE_SCREENSHOTS: bool({
        default: false,
        desc: "The browser contract test rewrites docs/screenshots/*.png",
      }),
    },
    { reporter: throwConfigErrors },
  );
}
export type TestEnv = ReturnType<typeof loadTestEnv>;
