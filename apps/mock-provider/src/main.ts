import { loadMockProviderConfig } from "@dispatcher/config";
import { bootProcess, onShutdownSignal } from "@dispatcher/runtime";
import { buildMockProvider } from "./build-mock-provider.js";

const { config, logger } = bootProcess({
  name: "mock-provider",
  packageJson: new URL("../package.json", import.meta.url),
  loadConfig: loadMockProviderConfig,
});
const app = buildMockProvider({
  logger,
  authHeader: config.MOCK_PROVIDER_AUTH_HEADER,
  authKey: config.MOCK_PROVIDER_AUTH_KEY,
  receipts:
    config.MOCK_PROVIDER_RECEIPT_URL === ""
      ? undefined
      : { url: config.MOCK_PROVIDER_RECEIPT_URL, secret: config.MOCK_PROVIDER_RECEIPT_SECRET },
  aws:
    config.MOCK_PROVIDER_AWS_ACCESS_KEY_ID === ""
      ? undefined
      : {
          accessKeyId: config.MOCK_PROVIDER_AWS_ACCESS_KEY_ID,
          secretAccessKey: config.MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY,
        },
  twilio: {
    accountSid: config.MOCK_PROVIDER_TWILIO_ACCOUNT_SID,
    authToken: config.MOCK_PROVIDER_TWILIO_AUTH_TOKEN,
  },
  records: config.MOCK_PROVIDER_RECORDS,
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
      receiptUrl: config.MOCK_PROVIDER_RECEIPT_URL || null,
    },
    `mock provider listening: POST ${address}/messages (switches: GET/PUT ${address}/control)`,
  );
} catch (error) {
  logger.fatal({ err: error }, "cannot listen");
  process.exit(1);
}
