import "./provided-context.js";

export { eventually } from "./eventually.js";
export { ownProblems, type PromtoolCheck, promtoolCheckMetrics } from "./promtool.js";
export { freePort, REPO_ROOT, type SpawnedApp, spawnApp } from "./spawn-app.js";
