import { createServer } from "node:http";
import type { AddressInfo, LookupFunction } from "node:net";
import { Secret } from "@dispatcher/core";
import { buildMockProvider, type MockProviderClient, mockProviderClient } from "@dispatcher/mock-provider";
import { test as base, describe, expect } from "vitest";
import {
  type AwsSmsSettings,
  awsSmsAdapter,
  buildSendTextMessageRequest,
  timeToLiveSeconds,
} from "../src/adapters/aws-sms.js";
import { createBoundedLookup } from "../src/bounded-lookup.js";
import type { AdapterContext, OutgoingMessage, ProviderAdapter } from "../src/provider-adapter.js";
import { checkSettings } from "../src/provider-settings.js";
import { closedPort } from "./closed-port.js";

const KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };

/** The mock provider's AWS dialect, checking signatures with KEYS, and every request it was sent. */
interface AwsMock extends MockProviderClient {
  url: string;
  requests: { headers: Record<string, unknown>; body: Record<string, unknown> }[];
}

const test = base.extend<{ mock: AwsMock }>({
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies as a pattern.
  mock: async ({}, use) => {
    const app = buildMockProvider({ aws: KEYS, random: () => 0 });
    const requests: AwsMock["requests"] = [];
    app.addHook("preHandler", async (request) => {
      if (request.url === "/" && Buffer.isBuffer(request.body)) {
        requests.push({ headers: request.headers, body: JSON.parse(request.body.toString("utf8")) });
      }
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    await use({ url, requests, ...mockProviderClient(url) });
    await app.close();
  },
});

const message: OutgoingMessage = {
  messageId: 1,
  to: "+905551111111",
  content: "hello",
  reference: "ref-1",
  expiresAt: null,
};

/** An aws-sms adapter for `endpoint`, its settings checked as the config does; closed after the test. */
function adapter(
  endpoint: string,
  options: {
    settings?: Partial<Record<keyof AwsSmsSettings, unknown>>;
    context?: Partial<AdapterContext>;
  } = {},
): ProviderAdapter & AsyncDisposable {
  const settings = {
    region: "eu-west-1",
    endpoint,
    accessKeyId: new Secret(KEYS.accessKeyId, "test"),
    secretAccessKey: new Secret(KEYS.secretAccessKey, "test"),
    ...options.settings,
  };
  expect(checkSettings(awsSmsAdapter.settings, settings)).toEqual([]);
  const client = awsSmsAdapter.create(settings as AwsSmsSettings, {
    name: "aws",
    timeoutMs: 2_000,
    maxSockets: 4,
    lookup: createBoundedLookup({ timeoutMs: 1_000 }),
    ...options.context,
  });
  return Object.assign(client, { [Symbol.asyncDispose]: () => client.close() });
}

describe("the aws-sms adapter's settings", () => {
  test("need a region and both keys as credentials, and refuse unknown fields and literal keys", () => {
    expect(checkSettings(awsSmsAdapter.settings, {})).toEqual([
      "region is required",
      "accessKeyId is required",
      "secretAccessKey is required",
    ]);
    const problems = checkSettings(awsSmsAdapter.settings, {
      region: "eu-west-1",
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: new Secret("s", "test"),
      messageType: "URGENT",
      maxPrice: "5",
      senderId: "ACME",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'accessKeyId must be {"env": "VARIABLE"} or {"file": "/path"}: credentials are never written into PROVIDERS',
        "messageType must be equal to one of the allowed values",
        expect.stringMatching(/^maxPrice must match pattern/),
        '(entry) has an unknown field "senderId"',
      ]),
    );
  });
});

describe("the aws-sms adapter's request", () => {
  test("carries the reference in Context, the expiry as TimeToLive and the configured sender fields", async ({
    mock,
  }) => {
    await using client = adapter(mock.url, {
      settings: {
        originationIdentity: "pool-0123456789abcdef",
        configurationSetName: "dispatcher-events",
        messageType: "TRANSACTIONAL",
        maxPrice: "0.05",
        protectConfigurationId: "protect-0123",
      },
    });
    const expiresAt = new Date(Date.now() + 3_600_000);
    expect(await client.send({ ...message, expiresAt })).toMatchObject({ outcome: "accepted" });
    const [sent] = mock.requests;
    expect(sent?.headers["x-amz-target"]).toBe("PinpointSMSVoiceV2.SendTextMessage");
    expect(sent?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sms-voice\//,
    );
    expect(sent?.body).toEqual({
      DestinationPhoneNumber: "+905551111111",
      MessageBody: "hello",
      OriginationIdentity: "pool-0123456789abcdef",
      MessageType: "TRANSACTIONAL",
      ConfigurationSetName: "dispatcher-events",
      MaxPrice: "0.05",
      ProtectConfigurationId: "protect-0123",
      Context: { reference: "ref-1" },
      TimeToLive: expect.any(Number),
    });
    expect(sent?.body.TimeToLive).toBeGreaterThanOrEqual(3_595);
    expect(sent?.body.TimeToLive).toBeLessThanOrEqual(3_600);
  });

  test("sends no optional member that is not configured, and no TimeToLive without an expiry", async ({
    mock,
  }) => {
    await using client = adapter(mock.url);
    await client.send(message);
    expect(mock.requests[0]?.body).toEqual({
      DestinationPhoneNumber: "+905551111111",
      MessageBody: "hello",
      Context: { reference: "ref-1" },
    });
  });

  test.for([
    ["already expired", -60_000, 5],
    ["2.9 s left", 2_900, 5],
    ["90.9 s left", 90_900, 90],
    ["10 days left", 10 * 86_400_000, 259_200],
  ] as const)("TimeToLive with %s is %i seconds", ([, leftMs, seconds]) => {
    const now = Date.UTC(2026, 0, 1);
    expect(timeToLiveSeconds(new Date(now + leftMs), now)).toBe(seconds);
    expect(
      buildSendTextMessageRequest(
        {} as AwsSmsSettings,
        { ...message, expiresAt: new Date(now + leftMs) },
        now,
      ),
    ).toMatchObject({ TimeToLive: seconds });
  });
});

describe("the aws-sms adapter's outcomes", () => {
  test("a 200 is accepted with AWS's MessageId", async ({ mock }) => {
    await using client = adapter(mock.url);
    const outcome = await client.send(message);
    const { received } = await mock.received();
    expect(outcome).toEqual({ outcome: "accepted", status: 200, providerMessageId: received[0]?.messageId });
    expect(received[0]?.idempotencyKey).toBe("ref-1");
  });

  test("a ThrottlingException is rate-limited", async ({ mock }) => {
    await mock.setSwitches({ failNext: 1, failStatus: 429 });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "rate-limited", status: 400 });
  });

  test("a ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT is invalid-recipient, opted out", async ({
    mock,
  }) => {
    await mock.setSwitches({
      failRecipients: { [message.to]: 400 },
      errorBody: JSON.stringify({
        __type: "ConflictException",
        message: "opted out",
        Reason: "DESTINATION_PHONE_NUMBER_OPTED_OUT",
        ResourceType: "opted-out-number",
        ResourceId: message.to,
      }),
    });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({
      outcome: "invalid-recipient",
      optedOut: true,
      status: 400,
      code: "DESTINATION_PHONE_NUMBER_OPTED_OUT",
    });
  });

  test("a ValidationException naming DestinationPhoneNumber is invalid-recipient, not opted out", async ({
    mock,
  }) => {
    await using client = adapter(mock.url);
    const outcome = await client.send({ ...message, to: "+0123" });
    expect(outcome).toMatchObject({ outcome: "invalid-recipient", optedOut: false, status: 400 });
    expect(outcome).toHaveProperty("reason", expect.stringContaining("FIELD_VALIDATION_FAILED"));
  });

  test("a blocked destination country is this account's setup: refused for good, not an invalid recipient", async ({
    mock,
  }) => {
    await mock.setSwitches({
      failNext: 1,
      failStatus: 400,
      errorBody: JSON.stringify({
        __type: "ValidationException",
        message: "blocked",
        Reason: "DESTINATION_COUNTRY_BLOCKED",
        Fields: [{ Name: "DestinationPhoneNumber", Message: "blocked" }],
      }),
    });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: false });
  });

  test("an AccessDeniedException is refused for good", async ({ mock }) => {
    await mock.setSwitches({ failNext: 1, failStatus: 403 });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: false, status: 400 });
  });

  test("a monthly spend limit is refused, retryable; another quota for good", async ({ mock }) => {
    const quota = (reason: string) =>
      JSON.stringify({ __type: "ServiceQuotaExceededException", message: "quota", Reason: reason });
    await using client = adapter(mock.url);
    await mock.setSwitches({
      failNext: 1,
      failStatus: 400,
      errorBody: quota("MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"),
    });
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: true });
    await mock.setSwitches({ failNext: 1, failStatus: 400, errorBody: quota("PHONE_NUMBERS_PER_ACCOUNT") });
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: false });
  });

  test("an InternalServerException is possibly-accepted", async ({ mock }) => {
    await mock.setSwitches({ failNext: 1, failStatus: 500 });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted", status: 500 });
  });

  test("a 500 after AWS took the message is possibly-accepted, and the SMS went out", async ({ mock }) => {
    await mock.setSwitches({ failAfterAcceptRate: 1 });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted", status: 500 });
    expect((await mock.received()).received).toMatchObject([{ idempotencyKey: "ref-1", sends: 1 }]);
  });

  test("a connection dropped after the request went out is possibly-accepted, sent once (no SDK retry)", async ({
    mock,
  }) => {
    await mock.setSwitches({ dropRate: 1 });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted" });
    const { received, counters } = await mock.received();
    expect(received).toMatchObject([{ idempotencyKey: "ref-1", sends: 1 }]);
    expect(counters.requests).toBe(1);
  });

  test("a 200 without a MessageId is possibly-accepted", async ({ mock }) => {
    await mock.setSwitches({ acceptBody: "{}" });
    await using client = adapter(mock.url);
    expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted", status: 200 });
  });

  test("a request signed with another secret key is refused for good, and nothing is sent", async ({
    mock,
  }) => {
    await using client = adapter(mock.url, {
      settings: { secretAccessKey: new Secret("not-the-key", "test") },
    });
    const outcome = await client.send(message);
    expect(outcome).toMatchObject({ outcome: "refused", retryable: false, status: 403 });
    expect(outcome).toHaveProperty("reason", expect.stringContaining("InvalidSignatureException"));
    expect((await mock.received()).received).toEqual([]);
  });

  test("an answer slower than the timeout is possibly-accepted within about the timeout", async ({
    mock,
  }) => {
    await mock.setSwitches({ latencyMs: 5_000 });
    await using client = adapter(mock.url, { context: { timeoutMs: 500 } });
    const started = Date.now();
    expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted" });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(1_500);
  });

  test("an answer whose body stalls after its headers is possibly-accepted within about the timeout", async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0", "content-length": "64" });
      response.write('{"MessageId":"');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      await using client = adapter(`http://127.0.0.1:${port}`, { context: { timeoutMs: 500 } });
      const started = Date.now();
      expect(await client.send(message)).toMatchObject({ outcome: "possibly-accepted" });
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test("a refused connection is refused, retryable", async () => {
    await using client = adapter(`http://127.0.0.1:${await closedPort()}`);
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: true });
  });

  test("no connection within half the timeout (here a name lookup that never answers) is refused, retryable", async () => {
    const never: LookupFunction = () => undefined;
    await using client = adapter("http://stalled.example:4010", {
      context: { timeoutMs: 600, lookup: never },
    });
    const started = Date.now();
    expect(await client.send(message)).toMatchObject({ outcome: "refused", retryable: true });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(1_500);
  });

  test("a host name that does not resolve is not-sent", async () => {
    await using client = adapter("http://no-such-host.invalid:4010");
    expect(await client.send(message)).toMatchObject({ outcome: "not-sent" });
  });
});
