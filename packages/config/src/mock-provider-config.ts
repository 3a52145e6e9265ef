import { bool, cleanEnv, EnvError, host, makeValidator, port, str } from "envalid";
import { ConfigError, throwConfigErrors } from "./config-error.js";
import { type EnvSource, processEnv, withNodeEnv } from "./env-source.js";
import { logEnv } from "./shared-env.js";
import { intInRange, numberInRange, secret } from "./validators.js";

/** 0 (off) or an HTTP error status, 400..599: a 2xx or 3xx "failure" would be answered as a success. */
const failStatus = makeValidator<number>((input: string) => {
  const value = Number(input);
  if (input.trim() === "" || !Number.isInteger(value) || (value !== 0 && (value < 400 || value > 599))) {
    throw new EnvError(`must be 0 or an integer from 400 to 599, got "${input}"`);
  }
  return value;
});

// The same bounds as the mock provider's `PUT /control` schema (apps/mock-provider/src/routes/control.ts).
const latencyMs = intInRange(0, 600_000);
const failRate = numberInRange(0, 1);
const retryAfterSeconds = intInRange(0, 86_400);

/** A Twilio account SID: `AC` and 32 hex digits. */
const twilioAccountSid = makeValidator<string>((input: string) => {
  if (!/^AC[0-9a-fA-F]{32}$/.test(input)) {
    throw new EnvError(`must be AC followed by 32 hex digits, got "${input}"`);
  }
  return input;
});

/** Every variable the mock provider reads, with its validation, default and description. */
export const mockProviderEnvSpec = {
  ...logEnv,
  MOCK_PROVIDER_HOST: host({ default: "127.0.0.1", desc: "Interface the mock provider listens on" }),
  MOCK_PROVIDER_PORT: port({ default: 4010, desc: "Port the mock provider listens on" }),
  MOCK_PROVIDER_AUTH_HEADER: str({
    default: "x-ins-auth-key",
    desc: "Name of the header that carries the auth key",
  }),
  MOCK_PROVIDER_AUTH_KEY: str({
    default: "",
    desc: "Required value of MOCK_PROVIDER_AUTH_HEADER; a request without it gets 401. Empty accepts any key",
  }),
  MOCK_PROVIDER_LATENCY_MS: latencyMs({
    default: 0,
    desc: "Milliseconds every POST /messages waits before answering",
  }),
  MOCK_PROVIDER_FAIL_STATUS: failStatus({
    default: 0,
    desc: "HTTP status answered instead of 202 (see MOCK_PROVIDER_FAIL_RATE); 0 turns failures off",
  }),
  MOCK_PROVIDER_FAIL_RATE: failRate({
    default: 0,
    desc: "Share of requests (0..1) answered with MOCK_PROVIDER_FAIL_STATUS when it is set; 1 fails all",
  }),
  MOCK_PROVIDER_RETRY_AFTER_SECONDS: retryAfterSeconds({
    default: 1,
    desc: "Retry-After (seconds) sent with 429 answers",
  }),
  MOCK_PROVIDER_RECORDS: str({
    choices: ["full", "keys"] as const,
    default: "full",
    desc: "What the mock provider keeps per Idempotency-Key: full records (listed by GET /messages), or keys and send counts only (duplicates still counted; a tenth of the memory, for million-message drains)",
  }),
  MOCK_PROVIDER_RECEIPT_URL: str({
    default: "",
    desc: "Where to POST delivery receipts of accepted messages (the API's /provider/receipts); empty = none. Their timing, failures, duplicates and order are switches (PUT /control)",
  }),
  MOCK_PROVIDER_RECEIPT_SECRET: secret({
    default: "",
    desc: "The secret receipts are signed with (the API's RECEIPT_SECRET)",
  }),
  MOCK_PROVIDER_AWS_ACCESS_KEY_ID: str({
    default: "",
    desc: "Access key id the AWS dialect (POST /) checks SigV4 signatures with (with MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY); empty = signatures are not checked",
  }),
  MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY: str({
    default: "",
    desc: "Secret access key of MOCK_PROVIDER_AWS_ACCESS_KEY_ID",
  }),
  MOCK_PROVIDER_TWILIO_ACCOUNT_SID: twilioAccountSid({
    // The mock provider's DEFAULT_TWILIO_ACCOUNT: obviously fake, valid in form.
    default: "AC00000000000000000000000000000000",
    desc: "Account SID the Twilio dialect (/2010-04-01/Accounts/{AccountSid}/Messages.json) answers for: the Basic-auth user and the path's SID",
  }),
  MOCK_PROVIDER_TWILIO_AUTH_TOKEN: str({
    default: "",
    desc: "Auth token the Twilio dialect checks (the Basic-auth password) and signs status callbacks with (X-Twilio-Signature); empty = any password, callbacks signed with an empty token",
  }),
  LOG_PRETTY: bool({
    default: process.stdout.isTTY === true,
    desc: "Pretty-print logs; defaults to true only when stdout is a terminal",
  }),
};

/**
 * Configuration of the mock provider process (`apps/mock-provider`).
 * The failure switches set here are only the starting values: `PUT /control` changes them at runtime.
 */
export function loadMockProviderConfig(env: EnvSource = processEnv) {
  const config = cleanEnv(withNodeEnv(env), mockProviderEnvSpec, { reporter: throwConfigErrors });
  if (config.MOCK_PROVIDER_RECEIPT_URL !== "" && config.MOCK_PROVIDER_RECEIPT_SECRET === "") {
    throw new ConfigError("MOCK_PROVIDER_RECEIPT_SECRET is required when MOCK_PROVIDER_RECEIPT_URL is set");
  }
  if (
    (config.MOCK_PROVIDER_AWS_ACCESS_KEY_ID === "") !==
    (config.MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY === "")
  ) {
    throw new ConfigError(
      "MOCK_PROVIDER_AWS_ACCESS_KEY_ID and MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY are set together or not at all",
    );
  }
  return config;
}
export type MockProviderConfig = ReturnType<typeof loadMockProviderConfig>;
