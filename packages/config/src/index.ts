/**
 * @dispatcher/config: every setting of every process, parsed from the environment (the only code
 * that reads process.env). Loaders throw ConfigError on bad settings; nothing here exits.
 */

export { type ApiConfig, apiEnvSpec, DEVELOPMENT_RECIPIENT_HASH_KEY, loadApiConfig } from "./api-config.js";
export { ConfigError } from "./config-error.js";
export { type EnvSource, loadDotEnv, processEnv } from "./env-source.js";
export { loadMigrateConfig, type MigrateConfig, migrateEnvSpec } from "./migrate-config.js";
export {
  loadMockProviderConfig,
  type MockProviderConfig,
  mockProviderEnvSpec,
} from "./mock-provider-config.js";
export { type AdapterSettingsCheck, readProviders } from "./provider-list.js";
export { LOCAL_DATABASE_URL, LOCAL_REDIS_URL } from "./shared-env.js";
export { loadTelemetryConfig, type TelemetryConfig, tracesProtocolOf } from "./telemetry-config.js";
export { loadTestEnv, type TestEnv } from "./test-env.js";
export {
  type ApiKeyEntry,
  type ApiKeyRole,
  apiKeyList,
  intInRange,
  numberInRange,
  OTLP_PROTOCOLS,
  type OtlpProtocol,
  type RangeNote,
} from "./validators.js";
export { loadWorkerConfig, MOCK_PROVIDER_URL, type WorkerConfig, workerEnvSpec } from "./worker-config.js";
