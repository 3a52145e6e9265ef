import "./provided-context.js";

export { eventually } from "./eventually.js";
export { freePort, REPO_ROOT, type SpawnedApp, spawnApp } from "./spawn-app.js";
