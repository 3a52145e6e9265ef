import { createLogger, loadDotEnv, loadMockProviderConfig, onShutdownSignal } from "@dispatcher/config";
import packageJson from "../package.json" with { type: "json" };
import { buildMockProvider } from "./build-mock-provider.js";

// `--version` must work without any configuration, so it is answered before the env is read.
if (process.argv.includes("--version")) {
  process.stdout.write(`${packageJson.version}\n`);
  process.exit(0);
}

loadDotEnv();
const config = loadMockProviderConfig();
const logger = createLogger({ name: "mock-provider", level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const app = buildMockProvider({
  logger,
  authHeader: config.MOCK_PROVIDER_AUTH_HEADER,
  authKey: config.MOCK_PROVIDER_AUTH_KEY,
  switches: {
    latencyMs: config.MOCK_PROVIDER_LATENCY_MS,
    failStatus: config.MOCK_PROVIDER_FAIL_STATUS,
    failRate: config.MOCK_PROVIDER_FAIL_RATE,
    retryAfterSeconds: config.MOCK_PROVIDER_RETRY_AFTER_SECONDS,
  },
});

// Closing cuts short requests still waiting out `latencyMs` (they answer 503).
onShutdownSignal(logger, 10_000, () => app.close());

try {
  const address = await app.listen({ host: config.MOCK_PROVIDER_HOST, port: config.MOCK_PROVIDER_PORT });
  logger.info(
    {
      providerUrl: `${address}/messages`,
      authHeader: config.MOCK_PROVIDER_AUTH_HEADER,
      authKeyRequired: config.MOCK_PROVIDER_AUTH_KEY !== "",
    },
    `mock provider listening: POST ${address}/messages (switches: GET/PUT ${address}/control)`,
  );
} catch (error) {
  logger.fatal({ err: error }, "cannot listen");
  process.exit(1);
}
