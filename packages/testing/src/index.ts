export {
  countLogIssues,
  type ListeningApp,
  outputTail,
  startApi,
  startMockProvider,
  startWorker,
  stopAll,
  waitForHttp,
  waitForOutput,
} from "./app-processes.js";
export { type DnsAnswer, type DnsServer, startDnsServer } from "./dns-server.js";
export { eventually } from "./eventually.js";
export { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "./otlp-receiver.js";
export {
  type PrivateRedis,
  type PrivateRedisCluster,
  startPrivateRedis,
  startPrivateRedisCluster,
} from "./private-redis.js";
export { ownProblems, type PromtoolCheck, promtoolCheckMetrics } from "./promtool.js";
export { type RawRequest, type RawResponse, rawHttp } from "./raw-http.js";
export { nonCanonicalTargets, type TargetForm } from "./request-targets.js";
export { createSandbox, type Sandbox, type SandboxOptions } from "./sandbox.js";
export { APP_ENTRY, freePort, REPO_ROOT, type SpawnedApp, spawnApp } from "./spawn-app.js";
export { type SwitchableProxy, startSwitchableProxy } from "./switchable-proxy.js";
export { type HeardWebhook, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";
