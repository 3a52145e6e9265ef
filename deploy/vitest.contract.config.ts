import { contractVitestConfig } from "@dispatcher/test-setup/vitest-config";

// `pnpm test:contract`: the alert rules against promtool, the dashboard's panels, and the
// Kubernetes manifests rendered with kubectl and checked against their schemas and each other.
export default contractVitestConfig();
