import { contractVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test:contract`: the alert rules against promtool, and the dashboard and alerts against a
// real Prometheus scraping real processes.
export default contractVitestConfig();
