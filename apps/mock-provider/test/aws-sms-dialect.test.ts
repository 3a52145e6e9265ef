import { Sha256 } from "@aws-crypto/sha256-js";
import { ConfigError, loadMockProviderConfig } from "@dispatcher/config";
import { SignatureV4 } from "@smithy/signature-v4";
import { test as base, describe, expect } from "vitest";
import {
  buildMockProvider,
  type MockProviderOptions,
  mockProviderClient,
  type Switches,
} from "../src/index.js";
import {
  AWS_JSON_CONTENT_TYPE,
  type AwsCredentials,
  SEND_TEXT_MESSAGE_TARGET,
} from "../src/routes/aws-sms.js";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};

/** A running mock provider: its base URL and switch board. */
interface RunningMock {
  url: string;
  setSwitches: (switches: Partial<Switches>) => Promise<void>;
  received: ReturnType<typeof mockProviderClient>["received"];
  answers: ReturnType<typeof mockProviderClient>["answers"];
}

async function runMock(
  options: MockProviderOptions,
  use: (mock: RunningMock) => Promise<void>,
): Promise<void> {
  const app = buildMockProvider(options);
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    await use({ url, ...mockProviderClient(url) });
  } finally {
    await app.close();
  }
}

const test = base.extend<{ mock: RunningMock; signedMock: RunningMock }>({
  // Signatures are not checked.
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies as a pattern.
  mock: async ({}, use) => runMock({ random: () => 0 }, use),
  // Every request must be signed with CREDENTIALS.
  // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures take their dependencies as a pattern.
  signedMock: async ({}, use) => runMock({ random: () => 0, aws: CREDENTIALS }, use),
});

interface AwsAnswer {
  status: number;
  errorType: string | null;
  json: Record<string, unknown>;
}

/**
 * POSTs `body` to the AWS dialect as the SDK does: JSON 1.0, the SendTextMessage target, signed
 * with `credentials` by the SDK's SigV4 signer (unsigned without them). `tamper` changes the body
 * after signing.
 */
async function call(
  url: string,
  body: unknown,
  options: {
    credentials?: AwsCredentials;
    target?: string;
    signingDate?: Date;
    /** Whether the signer adds and signs `x-amz-content-sha256`, as the AWS SDK does. @defaultValue true */
    contentHash?: boolean;
    tamper?: (body: string) => string;
  } = {},
): Promise<AwsAnswer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const { host } = new URL(url);
  let headers: Record<string, string> = {
    host,
    "content-type": AWS_JSON_CONTENT_TYPE,
    "x-amz-target": options.target ?? SEND_TEXT_MESSAGE_TARGET,
  };
  if (options.credentials) {
    const signer = new SignatureV4({
      credentials: options.credentials,
      region: "eu-west-1",
      service: "sms-voice",
      sha256: Sha256,
      applyChecksum: options.contentHash ?? true,
    });
    const signed = await signer.sign(
      { method: "POST", protocol: "http:", hostname: host, path: "/", query: {}, headers, body: text },
      { signingDate: options.signingDate },
    );
    headers = signed.headers;
  }
  const { host: _host, ...sent } = headers;
  const response = await fetch(`${url}/`, {
    method: "POST",
    headers: sent,
    body: options.tamper ? options.tamper(text) : text,
  });
  expect(response.headers.get("content-type")).toContain(AWS_JSON_CONTENT_TYPE);
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    json: (await response.json()) as Record<string, unknown>,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const request = {
  DestinationPhoneNumber: "+905551111111",
  MessageBody: "hello",
  Context: { reference: "ref-1" },
};

describe("the AWS dialect's SigV4 check", () => {
  test("a request the SDK's signer signed is answered 200 with a MessageId, recorded under Context.reference", async ({
    signedMock,
  }) => {
    const answer = await call(signedMock.url, request, { credentials: CREDENTIALS });
    expect(answer).toMatchObject({ status: 200, errorType: null });
    expect(answer.json.MessageId).toMatch(UUID);
    const { received, counters } = await signedMock.received();
    expect(received).toMatchObject([
      {
        idempotencyKey: "ref-1",
        to: "+905551111111",
        content: "hello",
        messageId: answer.json.MessageId,
        sends: 1,
      },
    ]);
    expect(counters).toMatchObject({ requests: 1, accepted: 1, rejected: 0 });
  });

  test.for([
    ["with", true],
    ["without", false],
  ] as const)(
    "a body changed after signing %s x-amz-content-sha256 is refused 403 InvalidSignatureException, and nothing is sent",
    async ([, contentHash], { signedMock }) => {
      const answer = await call(signedMock.url, request, {
        credentials: CREDENTIALS,
        contentHash,
        tamper: (body) => body.replace("hello", "HELLO"),
      });
      expect(answer).toMatchObject({ status: 403, errorType: "InvalidSignatureException" });
      expect(answer.json.__type).toBe("InvalidSignatureException");
      const { received, counters } = await signedMock.received();
      expect(received).toEqual([]);
      expect(counters).toMatchObject({ requests: 1, accepted: 0, rejected: 1 });
    },
  );

  test("a signature made with another secret key is refused 403 InvalidSignatureException", async ({
    signedMock,
  }) => {
    const wrong = { ...CREDENTIALS, secretAccessKey: "another-secret-key-another-secret-key-0000" };
    const answer = await call(signedMock.url, request, { credentials: wrong });
    expect(answer).toMatchObject({ status: 403, errorType: "InvalidSignatureException" });
    expect((await signedMock.received()).received).toEqual([]);
  });

  test("an unknown access key id is UnrecognizedClientException, an unsigned request IncompleteSignatureException", async ({
    signedMock,
  }) => {
    const stranger = await call(signedMock.url, request, {
      credentials: { ...CREDENTIALS, accessKeyId: "AKIDOTHER" },
    });
    expect(stranger).toMatchObject({ status: 403, errorType: "UnrecognizedClientException" });
    const unsigned = await call(signedMock.url, request);
    expect(unsigned).toMatchObject({ status: 403, errorType: "IncompleteSignatureException" });
  });

  test("a signature older than 5 minutes is refused as expired", async ({ signedMock }) => {
    const answer = await call(signedMock.url, request, {
      credentials: CREDENTIALS,
      signingDate: new Date(Date.now() - 10 * 60_000),
    });
    expect(answer).toMatchObject({ status: 403, errorType: "InvalidSignatureException" });
    expect(String(answer.json.message)).toContain("expired");
  });

  test("without configured credentials an unsigned request is accepted", async ({ mock }) => {
    expect(await call(mock.url, request)).toMatchObject({ status: 200 });
  });
});

describe("the AWS dialect's request checks", () => {
  test("another x-amz-target is 400 UnknownOperationException", async ({ mock }) => {
    const answer = await call(mock.url, request, { target: "PinpointSMSVoiceV2.SendVoiceMessage" });
    expect(answer).toMatchObject({ status: 400, errorType: "UnknownOperationException" });
    expect(answer.json.__type).toBe("UnknownOperationException");
  });

  test("a body that is not JSON is 400 SerializationException", async ({ mock }) => {
    expect(await call(mock.url, "{not json")).toMatchObject({
      status: 400,
      errorType: "SerializationException",
    });
  });

  test("a request without DestinationPhoneNumber is a ValidationException with Reason MISSING_PARAMETER", async ({
    mock,
  }) => {
    const answer = await call(mock.url, { MessageBody: "hello" });
    expect(answer).toMatchObject({ status: 400, errorType: "ValidationException" });
    expect(answer.json).toMatchObject({
      __type: "ValidationException",
      Reason: "MISSING_PARAMETER",
      Fields: [{ Name: "DestinationPhoneNumber" }],
    });
  });

  test.for([
    ["a number without +", { DestinationPhoneNumber: "905551111111" }, "DestinationPhoneNumber"],
    ["a number of 16 digits", { DestinationPhoneNumber: "+9055511111111111" }, "DestinationPhoneNumber"],
    ["an empty body", { MessageBody: "" }, "MessageBody"],
    ["a blank body", { MessageBody: "   " }, "MessageBody"],
    ["a body of 1601 characters", { MessageBody: "é".repeat(1601) }, "MessageBody"],
    ["a TimeToLive of 4", { TimeToLive: 4 }, "TimeToLive"],
    ["a TimeToLive of 259201", { TimeToLive: 259_201 }, "TimeToLive"],
    ["a TimeToLive of 5.5", { TimeToLive: 5.5 }, "TimeToLive"],
    ["an unknown MessageType", { MessageType: "URGENT" }, "MessageType"],
    ["a MaxPrice without a point", { MaxPrice: "5" }, "MaxPrice"],
    ["6 Context entries", { Context: { a: "1", b: "2", c: "3", d: "4", e: "5", f: "6" } }, "Context"],
    ["a Context key with a space", { Context: { "my ref": "1" } }, "Context"],
    ["a Context value ending in a space", { Context: { reference: "ref-1 " } }, "Context"],
    ["a Context value of 801 characters", { Context: { reference: "x".repeat(801) } }, "Context"],
    ["an OriginationIdentity with a space", { OriginationIdentity: "my pool" }, "OriginationIdentity"],
    [
      "an unknown DestinationCountryParameters key",
      { DestinationCountryParameters: { IN_X: "1" } },
      "DestinationCountryParameters",
    ],
  ] as const)(
    "%s is a ValidationException naming the member, and nothing is sent",
    async ([_name, change, field], { mock }) => {
      const answer = await call(mock.url, { ...request, ...change });
      expect(answer).toMatchObject({ status: 400, errorType: "ValidationException" });
      expect(answer.json).toMatchObject({ Reason: "FIELD_VALIDATION_FAILED", Fields: [{ Name: field }] });
      expect((await mock.received()).received).toEqual([]);
    },
  );

  test("every member within the model's bounds is accepted", async ({ mock }) => {
    const answer = await call(mock.url, {
      ...request,
      DestinationPhoneNumber: "+123456789012345",
      MessageBody: "é".repeat(1600),
      OriginationIdentity: "arn:aws:sms-voice:eu-west-1:111122223333:pool/pool-0123+x_y",
      MessageType: "TRANSACTIONAL",
      ConfigurationSetName: "dispatcher-events",
      MaxPrice: "0.05",
      TimeToLive: 259_200,
      Context: { reference: "x".repeat(800), a: "1", b: "2", c: "3", d: "4" },
      ProtectConfigurationId: "protect-0123",
      SomethingNew: true,
    });
    expect(answer).toMatchObject({ status: 200 });
  });

  test("a DryRun request is answered 200 and not sent", async ({ mock }) => {
    expect(await call(mock.url, { ...request, DryRun: true })).toMatchObject({ status: 200 });
    expect((await mock.received()).received).toEqual([]);
  });
});

describe("the AWS dialect's sends and switches", () => {
  test("a repeat with the same Context.reference is a second SMS with a MessageId of its own", async ({
    mock,
  }) => {
    const first = await call(mock.url, request);
    const second = await call(mock.url, request);
    expect(second.status).toBe(200);
    expect(second.json.MessageId).toMatch(UUID);
    expect(second.json.MessageId).not.toBe(first.json.MessageId);
    const { received, counters } = await mock.received();
    expect(received).toMatchObject([{ idempotencyKey: "ref-1", requests: 2, sends: 2 }]);
    expect(counters).toMatchObject({ accepted: 1, duplicates: 1, doubleSends: 1 });
  });

  test.for([
    [429, 400, "ThrottlingException"],
    [400, 400, "ValidationException"],
    [401, 400, "AccessDeniedException"],
    [403, 400, "AccessDeniedException"],
    [404, 400, "ValidationException"],
    [500, 500, "InternalServerException"],
    [503, 500, "InternalServerException"],
  ] as const)(
    "a simulated %i is answered %i %s, and nothing is sent",
    async ([failStatus, status, type], { mock }) => {
      await mock.setSwitches({ failNext: 1, failStatus });
      const answer = await call(mock.url, request);
      expect(answer).toMatchObject({ status, errorType: type });
      expect(answer.json.__type).toBe(type);
      const { received, counters } = await mock.received();
      expect(received).toEqual([]);
      expect(counters).toMatchObject({ requests: 1, rejected: 1 });
      expect(await mock.answers()).toMatchObject([{ idempotencyKey: "ref-1", status }]);
    },
  );

  test("errorBody replaces a simulated failure's body; the error type header stays", async ({ mock }) => {
    const errorBody = '{"__type":"ConflictException","Reason":"DESTINATION_PHONE_NUMBER_OPTED_OUT"}';
    await mock.setSwitches({ failRecipients: { "+905551111111": 400 }, errorBody });
    const answer = await call(mock.url, request);
    expect(answer).toMatchObject({ status: 400, errorType: "ValidationException" });
    expect(answer.json).toEqual(JSON.parse(errorBody));
  });

  test("failAfterAcceptRate sends the SMS and answers 500 InternalServerException", async ({ mock }) => {
    await mock.setSwitches({ failAfterAcceptRate: 1 });
    const answer = await call(mock.url, request);
    expect(answer).toMatchObject({ status: 500, errorType: "InternalServerException" });
    expect((await mock.received()).received).toMatchObject([{ idempotencyKey: "ref-1", sends: 1 }]);
  });

  test("dropRate sends the SMS and closes the connection unanswered", async ({ mock }) => {
    await mock.setSwitches({ dropRate: 1 });
    await expect(call(mock.url, request)).rejects.toThrow();
    expect((await mock.received()).received).toMatchObject([{ idempotencyKey: "ref-1", sends: 1 }]);
    expect(await mock.answers()).toMatchObject([{ idempotencyKey: "ref-1", status: 0 }]);
  });

  test("acceptBody replaces the 200 body, and the SMS is still sent", async ({ mock }) => {
    await mock.setSwitches({ acceptBody: "{}" });
    expect(await call(mock.url, request)).toMatchObject({ status: 200, json: {} });
    expect((await mock.received()).counters).toMatchObject({ accepted: 1 });
  });

  test("latencyMs holds the answer", async ({ mock }) => {
    await mock.setSwitches({ latencyMs: 300 });
    const started = Date.now();
    expect(await call(mock.url, request)).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe("the AWS dialect's settings", () => {
  test("MOCK_PROVIDER_AWS_* default to empty (no signature check) and are taken together or not at all", () => {
    expect(loadMockProviderConfig({})).toMatchObject({
      MOCK_PROVIDER_AWS_ACCESS_KEY_ID: "",
      MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY: "",
    });
    const both = {
      MOCK_PROVIDER_AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      MOCK_PROVIDER_AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    };
    expect(loadMockProviderConfig(both)).toMatchObject(both);
    expect(() => loadMockProviderConfig({ MOCK_PROVIDER_AWS_ACCESS_KEY_ID: "AKIDEXAMPLE" })).toThrow(
      ConfigError,
    );
  });
});
