export { type ApiConfig, apiEnvSpec, loadApiConfig } from "./api-config.js";
export { type EnvSource, loadDotEnv, processEnv } from "./env-source.js";
export { onShutdownSignal } from "./graceful-shutdown.js";
export { createLogger, type Logger } from "./logger.js";
export { loadMigrateConfig, type MigrateConfig, migrateEnvSpec } from "./migrate-config.js";
export {
  loadMockProviderConfig,
  type MockProviderConfig,
  mockProviderEnvSpec,
} from "./mock-provider-config.js";
export { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from "./shared-env.js";
export { redactUrl, requireNoEviction, requireReachable } from "./startup-check.js";
export { loadTestEnv, type TestEnv } from "./test-env.js";
export {
  type ApiKeyEntry,
  type ApiKeyRole,
  apiKeyList,
  intInRange,
  numberInRange,
  type RangeNote,
} from "./validators.js";
export { exitIfVersionRequested, readVersion } from "./version.js";
export { loadWorkerConfig, MOCK_PROVIDER_URL, type WorkerConfig, workerEnvSpec } from "./worker-config.js";
