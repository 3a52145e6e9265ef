import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Secret } from "@dispatcher/core";
import { buildMockProvider, type MockProviderOptions, type ReceivedList } from "@dispatcher/mock-provider";
import { Ajv } from "ajv";
import twilio from "twilio";
import { test as base, describe, expect, vi } from "vitest";
import {
  parseRawDlrDoneDate,
  readAnswer,
  readStatusCallback,
  type TwilioSettings,
  TwilioSettingsSchema,
  twilioAdapter,
  validityPeriodSeconds,
} from "../src/adapters/twilio.js";
import { createBoundedLookup } from "../src/bounded-lookup.js";
import type {
  AdapterContext,
  OutgoingMessage,
  ProviderAdapter,
  ReceiptRequest,
} from "../src/provider-adapter.js";
import { checkSettings } from "../src/provider-settings.js";
import { closedPort } from "./closed-port.js";

// The `twilio` adapter against the mock provider's Twilio dialect over real HTTP, its requests
// checked against Twilio's own OpenAPI description (test/fixtures/twilio-messages-openapi.json).

const ACCOUNT_SID = `AC${"a1".repeat(16)}`;
const AUTH_TOKEN = "f".repeat(32);
const SERVICE_SID = `MG${"b2".repeat(16)}`;
const API_KEY_SID = `SK${"c3".repeat(16)}`;
const TO = "+905551111111";
const FROM = "+15005550006";

/** A request the mock's Twilio dialect received: its form (POST) or query (GET), and its Authorization. */
interface Captured {
  method: string;
  form: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
}

/** A running mock provider speaking Twilio, and what it received. */
interface TwilioMock {
  baseUrl: string;
  requests: Captured[];
  /** The mock's records (GET /messages): what it took, and how many times it sent each. */
  received(): Promise<ReceivedList>;
  /** Every message the dialect created, newest first (its own list API). */
  listed(): Promise<{ sid: string; body: string; to: string }[]>;
}

/** A status callback as the dispatcher API would receive it. */
interface Callback extends ReceiptRequest {
  params: Record<string, string>;
}

interface Fixtures {
  /** Starts a mock provider for ACCOUNT_SID/AUTH_TOKEN with `options` (closed after the test). */
  startMock: (options?: MockProviderOptions) => Promise<TwilioMock>;
  /** A twilio adapter for `baseUrl` (closed after the test); settings pass checkSettings first. */
  adapterFor: (
    baseUrl: string,
    overrides?: Record<string, unknown>,
    context?: Partial<AdapterContext>,
  ) => ProviderAdapter;
  /** A receiver for status callbacks: its URL and what it got (closed after the test). */
  startReceiver: () => Promise<{ url: string; callbacks: Callback[] }>;
}

const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads the fixtures a fixture uses from this pattern.
  startMock: async ({}, use) => {
    const apps: ReturnType<typeof buildMockProvider>[] = [];
    await use(async (options = {}) => {
      const app = buildMockProvider({
        twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
        ...options,
      });
      apps.push(app);
      const requests: Captured[] = [];
      app.addHook("preHandler", async (request) => {
        if (!request.url.startsWith("/2010-04-01/")) return;
        const mark = request.url.indexOf("?");
        requests.push({
          method: request.method,
          form: request.method === "POST" ? { ...(request.body as Record<string, string>) } : {},
          query: new URLSearchParams(mark < 0 ? "" : request.url.slice(mark + 1)),
          authorization: request.headers.authorization,
        });
      });
      const baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
      return {
        baseUrl,
        requests,
        received: async () => (await (await fetch(`${baseUrl}/messages`)).json()) as ReceivedList,
        listed: async () => {
          const response = await fetch(
            `${baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?PageSize=1000`,
            {
              headers: {
                authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`,
              },
            },
          );
          return ((await response.json()) as { messages: { sid: string; body: string; to: string }[] })
            .messages;
        },
      };
    });
    await Promise.all(apps.map((app) => app.close()));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads the fixtures a fixture uses from this pattern.
  adapterFor: async ({}, use) => {
    const adapters: ProviderAdapter[] = [];
    await use((baseUrl, overrides = {}, context = {}) => {
      const settings = settingsFor({ baseUrl, ...overrides });
      const adapter = twilioAdapter.create(settings, {
        name: "twilio-test",
        timeoutMs: 2_000,
        maxSockets: 4,
        lookup: createBoundedLookup({ timeoutMs: 1_000 }),
        ...context,
      });
      adapters.push(adapter);
      return adapter;
    });
    await Promise.all(adapters.map((adapter) => adapter.close()));
  },
  // biome-ignore lint/correctness/noEmptyPattern: Vitest reads the fixtures a fixture uses from this pattern.
  startReceiver: async ({}, use) => {
    const servers: Server[] = [];
    await use(async () => {
      const callbacks: Callback[] = [];
      const server = createHttpServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const rawBody = Buffer.concat(chunks);
          const { port } = server.address() as AddressInfo;
          callbacks.push({
            url: `http://127.0.0.1:${port}${req.url}`,
            headers: req.headers as IncomingHttpHeaders,
            rawBody,
            params: Object.fromEntries(new URLSearchParams(rawBody.toString("utf8"))),
          });
          res.writeHead(200).end();
        });
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/provider/tw/receipts`,
        callbacks,
      };
    });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  },
});

/**
 * A PROVIDERS entry's fields for a twilio provider (a number, the account's token), with
 * `overrides` (an undefined one removes the field), checked as the config checks them.
 */
function settingsFor(overrides: Record<string, unknown> = {}): TwilioSettings {
  const entry = twilioEntry(overrides, "env TWILIO_AUTH_TOKEN");
  expect(checkSettings(TwilioSettingsSchema, entry)).toEqual([]);
  return entry as TwilioSettings;
}

/**
 * A twilio PROVIDERS entry's fields (a number, the account's token read from `tokenSource`), with
 * `overrides` (an undefined one removes the field), unchecked.
 */
function twilioEntry(overrides: Record<string, unknown>, tokenSource: string): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    accountSid: ACCOUNT_SID,
    authToken: new Secret(AUTH_TOKEN, tokenSource),
    from: FROM,
    ...overrides,
  };
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry;
}

let sequence = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  sequence += 1;
  return {
    messageId: sequence,
    to: TO,
    content: `code ${sequence}`,
    reference: randomUUID(),
    expiresAt: null,
    ...overrides,
  };
}

/** Retries `check` every 20 ms until it passes, or throws its last failure after 5 s. */
const eventually = (check: () => unknown) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

// Twilio's OpenAPI description of the Messages list (an extract of twilio_api_v2010.json; see the fixture's $comment).
const openapi = JSON.parse(
  readFileSync(new URL("./fixtures/twilio-messages-openapi.json", import.meta.url), "utf8"),
);
const messagesOperations = openapi.paths["/2010-04-01/Accounts/{AccountSid}/Messages.json"];

/** `schema` with every `#/components/schemas/…` reference replaced by what it names. */
function resolveRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(resolveRefs);
  if (typeof schema !== "object" || schema === null) return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === "string")
    return resolveRefs(openapi.components.schemas[ref.replace("#/components/schemas/", "")]);
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolveRefs(value)]));
}

/**
 * CreateMessageRequest as a validator of a form: its parameters only (no unknown names), their
 * types (form values coerced), enums and patterns, plus the limits Twilio documents only in the
 * descriptions (Body's length, ValidityPeriod's range), read from those descriptions.
 */
function createMessageValidator() {
  const schema = resolveRefs(
    messagesOperations.post.requestBody.content["application/x-www-form-urlencoded"].schema,
  ) as { properties: Record<string, { description: string }>; required: string[] };
  expect(schema.required).toEqual(["To"]);
  const bodyLimit = /up to ([\d,]+) characters/.exec(schema.properties.Body!.description);
  const validityRange = /integers from `(\d+)` to `(\d+)`/.exec(
    schema.properties.ValidityPeriod!.description,
  );
  if (!bodyLimit || !validityRange)
    throw new Error("Twilio's descriptions no longer state the Body or ValidityPeriod limits");
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: true });
  // Twilio's `phone-number`: E.164, a channel address (`whatsapp:+1…`) or, as a sender, an alphanumeric id.
  ajv.addFormat("phone-number", /^(([a-z]+:)?\+[1-9]\d{1,14}|(?=[A-Za-z0-9 ]*[A-Za-z])[A-Za-z0-9 ]{1,11})$/);
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile({
    ...schema,
    additionalProperties: false,
    properties: {
      ...schema.properties,
      Body: { ...schema.properties.Body, maxLength: Number(bodyLimit[1]!.replace(",", "")) },
      ValidityPeriod: {
        ...schema.properties.ValidityPeriod,
        minimum: Number(validityRange[1]),
        maximum: Number(validityRange[2]),
      },
    },
  });
}

/** Checks every CreateMessage form in `requests` against Twilio's description; returns how many it checked. */
function expectFormsMatchTwilio(requests: Captured[]): number {
  const validate = createMessageValidator();
  const forms = requests.filter((r) => r.method === "POST").map((r) => r.form);
  for (const form of forms) {
    const valid = validate(structuredClone(form));
    expect(validate.errors ?? [], JSON.stringify(form)).toEqual([]);
    expect(valid).toBe(true);
    // Twilio needs a sender: the adapter sends exactly one.
    expect(Number("From" in form) + Number("MessagingServiceSid" in form)).toBe(1);
  }
  return forms.length;
}

describe("settings", () => {
  test("an entry with a number and the account's token passes and gets Twilio's API root", () => {
    const entry: Record<string, unknown> = {
      accountSid: ACCOUNT_SID,
      authToken: new Secret(AUTH_TOKEN, "env TWILIO_AUTH_TOKEN"),
      from: FROM,
      statusCallbackUrl: "https://dispatcher.example/provider/twilio-main/receipts",
    };
    expect(checkSettings(TwilioSettingsSchema, entry)).toEqual([]);
    expect(entry.baseUrl).toBe("https://api.twilio.com");
  });

  test("an entry with a Messaging Service, an alphanumeric sender or an API key passes", () => {
    const token = new Secret(AUTH_TOKEN, "env T");
    for (const entry of [
      { accountSid: ACCOUNT_SID, authToken: token, messagingServiceSid: SERVICE_SID },
      { accountSid: ACCOUNT_SID, authToken: token, from: "Dispatcher" },
      { accountSid: ACCOUNT_SID, authToken: token, from: FROM, apiKeySid: API_KEY_SID, apiKeySecret: token },
    ]) {
      expect(checkSettings(TwilioSettingsSchema, entry)).toEqual([]);
    }
  });

  test.each([
    [
      "both senders",
      { from: FROM, messagingServiceSid: SERVICE_SID },
      ["messagingServiceSid boolean schema is false", "from boolean schema is false"],
    ],
    ["no sender", { from: undefined }, ["from is required", "messagingServiceSid is required"]],
    [
      "an API key without its secret",
      { apiKeySid: API_KEY_SID },
      ["(entry) must have property apiKeySecret when property apiKeySid is present"],
    ],
    [
      "an API key secret without its key",
      { apiKeySecret: new Secret("s", "env S") },
      ["(entry) must have property apiKeySid when property apiKeySecret is present"],
    ],
    ["a token written into PROVIDERS", { authToken: AUTH_TOKEN }, ['authToken must be {"env": "VARIABLE"}']],
    [
      "an account SID that is not AC and 32 hex digits",
      { accountSid: "AC123" },
      ["accountSid must match pattern"],
    ],
    ["a sender id of 12 characters", { from: "Dispatcher12" }, ["from must match pattern"]],
    [
      "a Messaging Service SID that is not MG and 32 hex digits",
      { from: undefined, messagingServiceSid: "MG1" },
      ["messagingServiceSid must match pattern"],
    ],
    [
      "a callback URL that is not http(s)",
      { statusCallbackUrl: "ftp://x.example/r" },
      ["statusCallbackUrl must match pattern"],
    ],
    ["an unknown field", { region: "ie1" }, ['(entry) has an unknown field "region"']],
  ])("refuses %s, naming the fields", (_name, overrides, expected) => {
    const problems = checkSettings(TwilioSettingsSchema, twilioEntry(overrides, "env T")).join("\n");
    for (const text of expected) expect(problems).toContain(text);
  });
});

describe("send: outcomes", () => {
  test("a message Twilio takes is accepted with its sid and the segments Twilio counted", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const outcome = await adapterFor(mock.baseUrl).send(message());
    expect(outcome).toEqual({
      outcome: "accepted",
      status: 201,
      providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      segments: 1,
    });
    expect((await mock.listed()).map((m) => m.sid)).toEqual([
      outcome.outcome === "accepted" && outcome.providerMessageId,
    ]);
  });

  test("a 429 (20429) is rate-limited, with its Retry-After", async ({ startMock, adapterFor }) => {
    const mock = await startMock({ switches: { failRecipients: { [TO]: 429 }, retryAfterSeconds: 3 } });
    const outcome = await adapterFor(mock.baseUrl).send(message());
    expect(outcome).toMatchObject({ outcome: "rate-limited", status: 429, retryAfterMs: 3_000 });
    expect(outcome.outcome === "rate-limited" && outcome.reason).toContain("20429");
  });

  test("error 21610 (the recipient replied STOP) is invalid-recipient, opted out", async ({
    startMock,
    adapterFor,
  }) => {
    const errorBody = JSON.stringify({
      code: 21610,
      message: "Attempt to send to unsubscribed recipient",
      more_info: "https://www.twilio.com/docs/errors/21610",
      status: 400,
    });
    const mock = await startMock({ switches: { failRecipients: { [TO]: 400 }, errorBody } });
    const outcome = await adapterFor(mock.baseUrl).send(message());
    expect(outcome).toMatchObject({ outcome: "invalid-recipient", status: 400, optedOut: true });
  });

  test("error 21211 (not a valid phone number) is invalid-recipient, not opted out", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock({ switches: { failRecipients: { [TO]: 400 } } });
    const outcome = await adapterFor(mock.baseUrl).send(message());
    expect(outcome).toMatchObject({ outcome: "invalid-recipient", status: 400, optedOut: false });
    expect(outcome.outcome === "invalid-recipient" && outcome.reason).toContain("21211");
  });

  test("a 401 (20003, wrong credentials) is refused for good", async ({ startMock, adapterFor }) => {
    const mock = await startMock();
    const outcome = await adapterFor(mock.baseUrl, { authToken: new Secret("0".repeat(32), "env T") }).send(
      message(),
    );
    expect(outcome).toMatchObject({ outcome: "refused", status: 401, retryable: false });
    expect((await mock.received()).counters.accepted).toBe(0);
  });

  test("a 500 (20500) is possibly-accepted, never refused", async ({ startMock, adapterFor }) => {
    const mock = await startMock({ switches: { failRecipients: { [TO]: 500 } } });
    expect(await adapterFor(mock.baseUrl).send(message())).toMatchObject({
      outcome: "possibly-accepted",
      status: 500,
    });
  });

  test("a 500 after Twilio stored the message is possibly-accepted, and the message was sent", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock({ switches: { failAfterAcceptRate: 1 } });
    const sent = message();
    expect(await adapterFor(mock.baseUrl).send(sent)).toMatchObject({
      outcome: "possibly-accepted",
      status: 500,
    });
    expect((await mock.received()).received).toEqual([
      expect.objectContaining({ to: TO, content: sent.content, sends: 1 }),
    ]);
  });

  test("a connection dropped after the request went out is possibly-accepted", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock({ switches: { dropRate: 1 } });
    expect(await adapterFor(mock.baseUrl).send(message())).toMatchObject({ outcome: "possibly-accepted" });
    expect(await mock.listed()).toHaveLength(1);
  });

  test("no connection is refused, retryable", async ({ adapterFor }) => {
    const adapter = adapterFor(`http://127.0.0.1:${await closedPort()}`);
    expect(await adapter.send(message())).toMatchObject({ outcome: "refused", retryable: true });
  });

  test("no answer within the timeout is possibly-accepted", async ({ startMock, adapterFor }) => {
    const mock = await startMock({ switches: { latencyMs: 2_000 } });
    const outcome = await adapterFor(mock.baseUrl, {}, { timeoutMs: 200 }).send(message());
    expect(outcome).toMatchObject({ outcome: "possibly-accepted" });
  });
});

describe("send: the request", () => {
  test("carries To, From, Body, the StatusCallback with the reference and the ValidityPeriod left", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const callbackUrl = "http://127.0.0.1:9/provider/tw/receipts?source=twilio";
    const sent = message({
      content: "Your code is 1234 – ça marche",
      expiresAt: new Date(Date.now() + 600_000),
    });
    await adapterFor(mock.baseUrl, { statusCallbackUrl: callbackUrl }).send(sent);
    const [request] = mock.requests;
    expect(request!.form).toEqual({
      To: TO,
      From: FROM,
      Body: sent.content,
      StatusCallback: `${callbackUrl}&ref=${sent.reference}`,
      ValidityPeriod: expect.stringMatching(/^(59[89]|600)$/),
    });
    expect(request!.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`,
    );
    expect(expectFormsMatchTwilio(mock.requests)).toBe(1);
  });

  test("names a Messaging Service instead of From, and leaves out what is not set", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const sent = message();
    await adapterFor(mock.baseUrl, { from: undefined, messagingServiceSid: SERVICE_SID }).send(sent);
    expect(mock.requests[0]!.form).toEqual({ To: TO, MessagingServiceSid: SERVICE_SID, Body: sent.content });
  });

  test("authenticates with the API key when one is given", async ({ startMock, adapterFor }) => {
    const mock = await startMock({ twilio: { accountSid: ACCOUNT_SID, authToken: "" } });
    const adapter = adapterFor(mock.baseUrl, {
      apiKeySid: API_KEY_SID,
      apiKeySecret: new Secret("key-secret", "env K"),
    });
    expect(await adapter.send(message())).toMatchObject({ outcome: "accepted" });
    expect(mock.requests[0]!.authorization).toBe(
      `Basic ${Buffer.from(`${API_KEY_SID}:key-secret`).toString("base64")}`,
    );
  });

  test("every request it makes is a CreateMessage request by Twilio's OpenAPI description", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const callback = { statusCallbackUrl: "https://dispatcher.example/provider/tw/receipts" };
    const withNumber = adapterFor(mock.baseUrl, callback);
    const withService = adapterFor(mock.baseUrl, {
      ...callback,
      from: undefined,
      messagingServiceSid: SERVICE_SID,
    });
    const withSenderId = adapterFor(mock.baseUrl, { from: "Dispatcher" });
    const now = Date.now();
    for (const adapter of [withNumber, withService, withSenderId]) {
      for (const expiresAt of [
        null,
        new Date(now - 5_000),
        new Date(now + 1_500),
        new Date(now + 36_000_000),
        new Date(now + 86_400_000),
      ]) {
        await adapter.send(message({ content: "x".repeat(1_600), expiresAt }));
        await adapter.send(message({ content: "é", expiresAt }));
      }
    }
    expect(expectFormsMatchTwilio(mock.requests)).toBe(30);
  });

  test.each([
    ["no expiry", null, undefined],
    ["ten minutes and a bit", 600_400, 600],
    ["Twilio's maximum", 36_000_000, 36_000],
    ["a second more than Twilio's maximum", 36_001_000, undefined],
    ["half a second", 500, 1],
    ["an expiry already past", -5_000, 1],
  ])("gives ValidityPeriod for %s", (_name, left, expected) => {
    const now = 1_700_000_000_000;
    expect(validityPeriodSeconds(left === null ? null : new Date(now + left), now)).toBe(expected);
  });
});

describe("readAnswer", () => {
  const body = (code: number, status: number) => JSON.stringify({ code, message: `error ${code}`, status });
  test.each([
    [
      "201 with a sid",
      201,
      JSON.stringify({ sid: "SMx" }),
      { outcome: "accepted", providerMessageId: "SMx" },
    ],
    ["a 2xx without a sid", 200, "OK", { outcome: "accepted", providerMessageId: null }],
    [
      "201 with num_segments",
      201,
      JSON.stringify({ sid: "SMx", num_segments: "3" }),
      { outcome: "accepted", providerMessageId: "SMx", segments: 3 },
    ],
    ["429", 429, body(20429, 429), { outcome: "rate-limited" }],
    ["20429 under another status", 400, body(20429, 400), { outcome: "rate-limited" }],
    ["21610", 400, body(21610, 400), { outcome: "invalid-recipient", optedOut: true, code: "21610" }],
    ["21211", 400, body(21211, 400), { outcome: "invalid-recipient", optedOut: false, code: "21211" }],
    ["21612", 400, body(21612, 400), { outcome: "invalid-recipient", optedOut: false }],
    ["21614", 400, body(21614, 400), { outcome: "invalid-recipient", optedOut: false }],
    ["21635", 400, body(21635, 400), { outcome: "invalid-recipient", optedOut: false }],
    ["21408 (Geo Permissions)", 400, body(21408, 400), { outcome: "refused", retryable: false }],
    [
      "21606 (a From Twilio will not send from)",
      400,
      body(21606, 400),
      { outcome: "refused", retryable: false },
    ],
    ["20003", 401, body(20003, 401), { outcome: "refused", retryable: false }],
    ["20404", 404, body(20404, 404), { outcome: "refused", retryable: false }],
    ["408", 408, "", { outcome: "refused", retryable: true }],
    ["a redirect", 302, "", { outcome: "refused", retryable: false }],
    ["a 4xx that is not JSON", 400, "<html>", { outcome: "refused", retryable: false }],
    ["a 5xx, whatever its code says", 503, body(21610, 503), { outcome: "possibly-accepted" }],
  ])("reads %s", (_name, status, text, expected) => {
    expect(readAnswer(status, text, undefined)).toMatchObject({ ...expected, status });
  });
});

test("num_segments 0 (a Messaging Service's message, not counted yet) or not a count says no segments", () => {
  for (const count of ["0", "two", "-1", "1.5", 2]) {
    const outcome = readAnswer(201, JSON.stringify({ sid: "SMx", num_segments: count }), undefined);
    expect(outcome, String(count)).toEqual({ outcome: "accepted", status: 201, providerMessageId: "SMx" });
  }
});

describe("findSent", () => {
  test("finds a message Twilio took, by recipient, sender and content", async ({ startMock, adapterFor }) => {
    const mock = await startMock();
    const adapter = adapterFor(mock.baseUrl);
    const since = new Date();
    const sent = message();
    const outcome = await adapter.send(sent);
    await adapter.send(message());
    const found = await adapter.findSent?.(sent, since);
    expect(found).toEqual({
      providerMessageId: outcome.outcome === "accepted" ? outcome.providerMessageId : "?",
    });
    const query = mock.requests.find((r) => r.method === "GET")!.query;
    expect(Object.fromEntries(query)).toEqual({ To: TO, From: FROM, PageSize: "50" });
    const listParameters = new Set<string>(
      messagesOperations.get.parameters.map((p: { name: string }) => p.name),
    );
    for (const name of query.keys()) expect(listParameters).toContain(name);
  });

  test("finds a message whose answer was dropped", async ({ startMock, adapterFor }) => {
    const mock = await startMock({ switches: { dropRate: 1 } });
    const adapter = adapterFor(mock.baseUrl);
    const since = new Date();
    const sent = message();
    expect(await adapter.send(sent)).toMatchObject({ outcome: "possibly-accepted" });
    const [taken] = await mock.listed();
    expect(await adapter.findSent?.(sent, since)).toEqual({ providerMessageId: taken!.sid });
  });

  test("does not find another content, or a message created before `since` less a minute", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const adapter = adapterFor(mock.baseUrl);
    const sent = message();
    await adapter.send(sent);
    expect(
      await adapter.findSent?.({ ...sent, content: `${sent.content}!` }, new Date(Date.now() - 1_000)),
    ).toBeUndefined();
    expect(await adapter.findSent?.(sent, new Date(Date.now() + 61_000 + 1_000))).toBeUndefined();
    expect(await adapter.findSent?.(sent, new Date(Date.now() + 30_000))).toBeDefined();
  });

  test("pages through next_page_uri to a message under newer ones", async ({ startMock, adapterFor }) => {
    const mock = await startMock();
    const adapter = adapterFor(mock.baseUrl, { from: undefined, messagingServiceSid: SERVICE_SID });
    const since = new Date();
    const sent = message();
    const outcome = await adapter.send(sent);
    for (let i = 0; i < 60; i++) await adapter.send(message());
    const found = await adapter.findSent?.(sent, since);
    expect(found).toEqual({
      providerMessageId: outcome.outcome === "accepted" ? outcome.providerMessageId : "?",
    });
    const lists = mock.requests.filter((r) => r.method === "GET");
    expect(lists).toHaveLength(2);
    expect(lists[0]!.query.has("From")).toBe(false);
    expect(lists[1]!.query.get("PageToken")).toMatch(/^PASM/);
  });

  test("rejects when Twilio cannot be asked: refused credentials, or no connection", async ({
    startMock,
    adapterFor,
  }) => {
    const mock = await startMock();
    const wrongToken = adapterFor(mock.baseUrl, { authToken: new Secret("0".repeat(32), "env T") });
    await expect(wrongToken.findSent?.(message(), new Date())).rejects.toThrow(/401/);
    const unreachable = adapterFor(`http://127.0.0.1:${await closedPort()}`);
    await expect(unreachable.findSent?.(message(), new Date())).rejects.toThrow();
  });
});

describe("readReceipt", () => {
  /** Sends one message through the mock with a StatusCallback to a receiver; returns the message and its callbacks. */
  async function callbacksOf(
    fixtures: Pick<Fixtures, "startMock" | "adapterFor" | "startReceiver">,
    options: MockProviderOptions = {},
  ) {
    const receiver = await fixtures.startReceiver();
    const mock = await fixtures.startMock(options);
    const sent = message();
    const outcome = await fixtures.adapterFor(mock.baseUrl, { statusCallbackUrl: receiver.url }).send(sent);
    await eventually(() => expect(receiver.callbacks).toHaveLength(2));
    return { sent, outcome, callbacks: receiver.callbacks };
  }

  test("reads the mock's signed callbacks: sent is ignored, delivered is a receipt for the reference", async ({
    startMock,
    adapterFor,
    startReceiver,
  }) => {
    const { sent, outcome, callbacks } = await callbacksOf({ startMock, adapterFor, startReceiver });
    const settings = settingsFor();
    const readings = await Promise.all(
      callbacks.map((callback) => twilioAdapter.readReceipt!(settings, callback)),
    );
    expect(readings[0]).toEqual({ verdict: "ignored", reason: "status sent is not final" });
    const doneDate = callbacks[1]!.params.RawDlrDoneDate!;
    expect(readings[1]).toEqual({
      verdict: "receipt",
      receipt: {
        providerMessageId: outcome.outcome === "accepted" ? outcome.providerMessageId : "?",
        reference: sent.reference,
        status: "delivered",
        at: parseRawDlrDoneDate(doneDate),
        errorCode: null,
      },
    });
  });

  test("reads an undelivered callback with its ErrorCode", async ({
    startMock,
    adapterFor,
    startReceiver,
  }) => {
    const { callbacks } = await callbacksOf(
      { startMock, adapterFor, startReceiver },
      { switches: { receiptFailRate: 1 } },
    );
    const reading = await twilioAdapter.readReceipt!(settingsFor(), callbacks[1]!);
    expect(reading).toMatchObject({
      verdict: "receipt",
      receipt: { status: "undelivered", errorCode: "30003" },
    });
  });

  test("refuses a callback whose body, URL, token or signature header is not the one signed", async ({
    startMock,
    adapterFor,
    startReceiver,
  }) => {
    const { callbacks } = await callbacksOf({ startMock, adapterFor, startReceiver });
    const callback = callbacks[1]!;
    const settings = settingsFor();
    expect((await twilioAdapter.readReceipt!(settings, callback)).verdict).toBe("receipt");
    const tampered: ReceiptRequest[] = [
      {
        ...callback,
        rawBody: Buffer.from(callback.rawBody.toString("utf8").replace("delivered", "undelivered")),
      },
      { ...callback, url: callback.url.replace(/ref=[^&]+/, `ref=${randomUUID()}`) },
      { ...callback, url: "not a url" },
      { ...callback, headers: { ...callback.headers, "x-twilio-signature": undefined } },
      { ...callback, headers: { ...callback.headers, "x-twilio-signature": "AAAA" } },
    ];
    for (const request of tampered) {
      expect(await twilioAdapter.readReceipt!(settings, request)).toMatchObject({
        verdict: "unauthenticated",
      });
    }
    const wrongToken = settingsFor({ authToken: new Secret("0".repeat(32), "env T") });
    expect(await twilioAdapter.readReceipt!(wrongToken, callback)).toMatchObject({
      verdict: "unauthenticated",
    });
  });

  test("calls a signed callback without MessageSid or MessageStatus invalid", async () => {
    const url = `https://dispatcher.example/provider/tw/receipts?ref=${randomUUID()}`;
    const params = { AccountSid: ACCOUNT_SID, MessageStatus: "delivered" };
    const request: ReceiptRequest = {
      url,
      headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
      rawBody: Buffer.from(new URLSearchParams(params).toString()),
    };
    expect(await twilioAdapter.readReceipt!(settingsFor(), request)).toMatchObject({ verdict: "invalid" });
  });

  const receivedAt = new Date("2026-03-15T12:34:56Z");
  const reference = "3f2b8a4e-4c1d-4a8e-9a53-2f9a1d0c7b6e";
  const url = `https://dispatcher.example/provider/tw/receipts?ref=${reference}`;
  test.each([
    ["delivered", {}, { verdict: "receipt", receipt: { status: "delivered" } }],
    ["read", {}, { verdict: "receipt", receipt: { status: "delivered" } }],
    [
      "undelivered",
      { ErrorCode: "30005" },
      { verdict: "receipt", receipt: { status: "undelivered", errorCode: "30005" } },
    ],
    [
      "failed",
      { ErrorCode: "30008" },
      { verdict: "receipt", receipt: { status: "failed", errorCode: "30008" } },
    ],
    [
      "failed",
      { ErrorCode: "30036" },
      { verdict: "receipt", receipt: { status: "expired", errorCode: "30036" } },
    ],
    ["canceled", {}, { verdict: "receipt", receipt: { status: "failed", errorCode: null } }],
    ["queued", {}, { verdict: "ignored" }],
    ["accepted", {}, { verdict: "ignored" }],
    ["scheduled", {}, { verdict: "ignored" }],
    ["sending", {}, { verdict: "ignored" }],
    ["sent", {}, { verdict: "ignored" }],
    ["receiving", {}, { verdict: "ignored" }],
    ["received", {}, { verdict: "ignored" }],
    ["partially_delivered", {}, { verdict: "ignored" }],
  ])("maps MessageStatus %s (%o)", (status, extra, expected) => {
    const params = { MessageSid: "SMx", MessageStatus: status, ...extra };
    expect(readStatusCallback(params, url, receivedAt)).toMatchObject(expected);
  });

  test("takes the time from RawDlrDoneDate, else the arrival; the reference only when it is a UUID", () => {
    const params = { MessageSid: "SMx", MessageStatus: "delivered" };
    expect(readStatusCallback({ ...params, RawDlrDoneDate: "2603151230" }, url, receivedAt)).toMatchObject({
      receipt: { at: new Date("2026-03-15T12:30:00Z"), reference, providerMessageId: "SMx" },
    });
    expect(readStatusCallback({ ...params, RawDlrDoneDate: "2602301230" }, url, receivedAt)).toMatchObject({
      receipt: { at: receivedAt },
    });
    expect(readStatusCallback(params, "https://d.example/r?ref=msg-1", receivedAt)).toMatchObject({
      receipt: { reference: null, at: receivedAt },
    });
  });

  test.each([
    ["2603151230", new Date("2026-03-15T12:30:00Z")],
    ["0001010000", new Date("2000-01-01T00:00:00Z")],
    ["2602291200", undefined],
    ["2613011200", undefined],
    ["2603152460", undefined],
    ["26031512", undefined],
    [undefined, undefined],
  ])("parses RawDlrDoneDate %s", (value, expected) => {
    expect(parseRawDlrDoneDate(value)).toEqual(expected);
  });
});

describe("readInbound", () => {
  const publicUrl = "https://sms.example.com/provider/tw/inbound";
  /** Twilio's incoming-message webhook fields for `body` from `from`. */
  const incoming = (from: string, body: string): Record<string, string> => ({
    ToCountry: "US",
    SmsMessageSid: "SM0123456789abcdef0123456789abcdef",
    NumMedia: "0",
    MessageSid: "SM0123456789abcdef0123456789abcdef",
    AccountSid: ACCOUNT_SID,
    From: from,
    To: FROM,
    Body: body,
    NumSegments: "1",
    ApiVersion: "2010-04-01",
  });
  /** The request Twilio makes to `calledUrl` for `params`, signed by the official package for `signedFor`. */
  const signed = (
    params: Record<string, string>,
    signedFor: string,
    calledUrl = signedFor,
  ): ReceiptRequest => ({
    url: calledUrl,
    headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedFor, params) },
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
  });

  test("reads a message signed for the configured inboundUrl, whatever URL the API saw", async () => {
    const request = signed(incoming(TO, "İPTAL"), publicUrl, "http://10.0.0.5:3000/provider/tw/inbound");
    expect(await twilioAdapter.readInbound!(settingsFor({ inboundUrl: publicUrl }), request)).toEqual({
      verdict: "message",
      message: {
        from: TO,
        to: FROM,
        text: "İPTAL",
        providerMessageId: "SM0123456789abcdef0123456789abcdef",
      },
      fields: { from: "From", text: "Body" },
      answer: { contentType: "text/xml", body: "<Response></Response>" },
    });
  });

  test("without inboundUrl, verifies against the URL as the API received it", async () => {
    const request = signed(incoming(TO, "STOP"), publicUrl);
    expect((await twilioAdapter.readInbound!(settingsFor(), request)).verdict).toBe("message");
    const behindProxy = signed(incoming(TO, "STOP"), publicUrl, "http://10.0.0.5:3000/provider/tw/inbound");
    expect((await twilioAdapter.readInbound!(settingsFor(), behindProxy)).verdict).toBe("unauthenticated");
  });

  test("refuses a message whose body, sender, token or signature is not the one signed", async () => {
    const settings = settingsFor({ inboundUrl: publicUrl });
    const request = signed(incoming(TO, "hello"), publicUrl);
    const tampered: ReceiptRequest[] = [
      { ...request, rawBody: Buffer.from(request.rawBody.toString("utf8").replace("hello", "STOP")) },
      {
        ...request,
        rawBody: Buffer.from(request.rawBody.toString("utf8").replace("%2B9055", "%2B9066")),
      },
      { ...request, headers: {} },
      { ...request, headers: { "x-twilio-signature": "AAAA" } },
    ];
    for (const one of tampered) {
      expect(await twilioAdapter.readInbound!(settings, one)).toMatchObject({ verdict: "unauthenticated" });
    }
    const wrongToken = settingsFor({ inboundUrl: publicUrl, authToken: new Secret("0".repeat(32), "env T") });
    expect((await twilioAdapter.readInbound!(wrongToken, request)).verdict).toBe("unauthenticated");
    expect((await twilioAdapter.readInbound!(settings, request)).verdict).toBe("message");
  });

  test("calls a signed message without From or Body invalid, naming the field", async () => {
    const { From: _from, ...noFrom } = incoming(TO, "STOP");
    const { Body: _body, ...noBody } = incoming(TO, "STOP");
    const settings = settingsFor({ inboundUrl: publicUrl });
    expect(await twilioAdapter.readInbound!(settings, signed(noFrom, publicUrl))).toMatchObject({
      verdict: "invalid",
      field: "From",
    });
    expect(await twilioAdapter.readInbound!(settings, signed(noBody, publicUrl))).toMatchObject({
      verdict: "invalid",
      field: "Body",
    });
  });
});
