import { type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import { type ListeningApp, startMockProvider } from "@dispatcher/testing";

/** A mock provider process speaking one provider's API, and its PROVIDERS entry. */
export interface DialectProvider {
  name: string;
  mock: ListeningApp;
  client: MockProviderClient;
  /** Its PROVIDERS entry: credentials as `{"env": …}` references, found in `env`. */
  entry: Record<string, unknown>;
  /** The variables the entry's credentials name. */
  env: Record<string, string>;
}

/** The mock's Twilio account (its default): obviously fake, valid in form. */
const TWILIO_ACCOUNT = `AC${"0".repeat(32)}`;

/**
 * Starts a mock provider that speaks `kind`'s API with credentials of its own (a Twilio auth
 * token; AWS keys it checks SigV4 signatures with) and answers the entry that names it as
 * provider `name`, with `fields` on top (routing, a statusCallbackUrl).
 */
export async function startDialectProvider(
  kind: "twilio" | "aws-sms",
  name: string,
  fields: Record<string, unknown> = {},
): Promise<DialectProvider> {
  const variable = (what: string) => `${name.toUpperCase().replaceAll("-", "_")}_${what}`;
  const secret = `${name}-secret-${"x".repeat(16)}`;
  if (kind === "twilio") {
    const mock = await startMockProvider({
      MOCK_PROVIDER_TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT,
      MOCK_PROVIDER_TWILIO_AUTH_TOKEN: secret,
    });
    return {
      name,
      mock,
      client: mockProviderClient(mock.baseUrl),
      entry: {
        name,
        kind,
        accountSid: TWILIO_ACCOUNT,
        authToken: { env: variable("AUTH_TOKEN") },
        from: "+15005550006",
        baseUrl: mock.baseUrl,
        ...fields,
      },
      env: { [variable("AUTH_TOKEN")]: secret },
    };
  }
  const accessKeyId = `AKIA${name.toUpperCase().replaceAll("-", "").padEnd(16, "X").slice(0, 16)}`;
  const mock = await startMockProvider({
    MOCK_PROVIDER_AWS_ACCESS_KEY_ID: accessKeyId,
    MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY: secret,
  });
  return {
    name,
    mock,
    client: mockProviderClient(mock.baseUrl),
    entry: {
      name,
      kind,
      region: "us-east-1",
      endpoint: mock.baseUrl,
      accessKeyId: { env: variable("ACCESS_KEY_ID") },
      secretAccessKey: { env: variable("SECRET_ACCESS_KEY") },
      ...fields,
    },
    env: { [variable("ACCESS_KEY_ID")]: accessKeyId, [variable("SECRET_ACCESS_KEY")]: secret },
  };
}

/** The PROVIDERS setting and credential variables of `providers`, for every worker and API. */
export function providersEnv(providers: readonly DialectProvider[]): Record<string, string> {
  return Object.assign(
    { PROVIDERS: JSON.stringify(providers.map((p) => p.entry)) },
    ...providers.map((p) => p.env),
  );
}
