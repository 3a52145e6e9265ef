export { createLogger, type Logger } from "./logger.js";
export { type EnvSource, processEnv } from "./env-source.js";
export { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from "./shared-env.js";
export { redactUrl, requireReachable } from "./startup-check.js";
export { intInRange, numberInRange } from "./validators.js";
export { type ApiConfig, loadApiConfig } from "./api-config.js";
export { type WorkerConfig, loadWorkerConfig } from "./worker-config.js";
export { type MigrateConfig, loadMigrateConfig } from "./migrate-config.js";
export { type MockProviderConfig, loadMockProviderConfig } from "./mock-provider-config.js";
