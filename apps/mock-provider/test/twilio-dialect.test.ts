import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, loadMockProviderConfig } from "@dispatcher/config";
import type { FastifyInstance } from "fastify";
import twilio from "twilio";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildMockProvider, type MockProviderOptions, type ReceivedList } from "../src/index.js";
import { DEFAULT_TWILIO_ACCOUNT } from "../src/routes/twilio.js";

// The mock provider's Twilio dialect over real HTTP: what the `twilio` adapter and the fault suite rely on.

const ACCOUNT_SID = `AC${"a1".repeat(16)}`;
const AUTH_TOKEN = "f".repeat(32);
const SERVICE_SID = `MG${"b2".repeat(16)}`;
const API_KEY_SID = `SK${"c3".repeat(16)}`;
const TO = "+905551111111";
const FROM = "+15005550006";
const REF = "3f2b8a4e-4c1d-4a8e-9a53-2f9a1d0c7b6e";

const apps: FastifyInstance[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Starts a mock provider for ACCOUNT_SID (with AUTH_TOKEN unless told otherwise); returns its base URL. */
async function start(options: MockProviderOptions = {}): Promise<string> {
  const app = buildMockProvider({ twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }, ...options });
  apps.push(app);
  return app.listen({ port: 0, host: "127.0.0.1" });
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

const AUTH = basic(ACCOUNT_SID, AUTH_TOKEN);

function messagesUrl(base: string, accountSid = ACCOUNT_SID): string {
  return `${base}/2010-04-01/Accounts/${accountSid}/Messages.json`;
}

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function create(
  base: string,
  form: Record<string, string>,
  options: { authorization?: string | null; accountSid?: string } = {},
): Promise<Answer> {
  const authorization = options.authorization === undefined ? AUTH : options.authorization;
  const response = await fetch(messagesUrl(base, options.accountSid), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(authorization === null ? {} : { authorization }),
    },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

interface ListAnswer {
  messages: {
    sid: string;
    to: string;
    from: string | null;
    body: string;
    status: string;
    date_sent: string | null;
  }[];
  next_page_uri: string | null;
  page: number;
  page_size: number;
  start: number;
  end: number;
  uri: string;
  first_page_uri: string;
  previous_page_uri: null;
}

async function list(
  base: string,
  query: string,
  authorization = AUTH,
): Promise<{ status: number; json: ListAnswer }> {
  const response = await fetch(`${messagesUrl(base)}${query}`, { headers: { authorization } });
  return { status: response.status, json: (await response.json()) as ListAnswer };
}

async function received(base: string): Promise<ReceivedList> {
  return (await (await fetch(`${base}/messages`)).json()) as ReceivedList;
}

const sms = { To: TO, From: FROM, Body: "code 1234" };

interface Callback {
  url: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
}

/** A status callback receiver: records every POST (its URL as called, headers and form) and answers 200. */
async function receiver(): Promise<{ url: string; callbacks: Callback[] }> {
  const callbacks: Callback[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const { port } = server.address() as AddressInfo;
      callbacks.push({
        url: `http://127.0.0.1:${port}${req.url}`,
        headers: req.headers,
        params: Object.fromEntries(new URLSearchParams(text)),
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
}

/** Retries `check` every 20 ms until it passes, or throws its last failure after 5 s. */
const eventually = (check: () => unknown) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

describe("POST Messages.json: authentication", () => {
  it("answers 401 with Twilio's error 20003 without credentials, with a wrong token or for another account", async () => {
    const base = await start();
    const answers = [
      await create(base, sms, { authorization: null }),
      await create(base, sms, { authorization: basic(ACCOUNT_SID, "wrong") }),
      await create(base, sms, { authorization: basic(`AC${"0".repeat(32)}`, AUTH_TOKEN) }),
      await create(base, sms, { accountSid: `AC${"0".repeat(32)}` }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
      expect(answer.json).toEqual({
        code: 20003,
        message: "Authenticate",
        more_info: "https://www.twilio.com/docs/errors/20003",
        status: 401,
      });
    }
    const { counters } = await received(base);
    expect(counters).toMatchObject({ requests: 4, accepted: 0, rejected: 4 });
  });

  it("accepts any password, as the account or an API key, while the token is empty", async () => {
    const base = await start({ twilio: { accountSid: ACCOUNT_SID, authToken: "" } });
    expect((await create(base, sms, { authorization: basic(ACCOUNT_SID, "anything") })).status).toBe(201);
    expect((await create(base, sms, { authorization: basic(API_KEY_SID, "key secret") })).status).toBe(201);
    expect((await create(base, sms, { authorization: basic(`AC${"0".repeat(32)}`, "x") })).status).toBe(401);
  });
});

describe("POST Messages.json: the message created", () => {
  it("answers 201 with a queued Message resource as Twilio writes it", async () => {
    const base = await start();
    const before = Date.now();
    const { status, json } = await create(base, sms);
    expect(status).toBe(201);
    expect(json).toMatchObject({
      account_sid: ACCOUNT_SID,
      api_version: "2010-04-01",
      body: "code 1234",
      date_sent: null,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: FROM,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: "1",
      status: "queued",
      to: TO,
    });
    expect(json.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(json.uri).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${json.sid}.json`);
    expect(json.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const created = Date.parse(json.date_created as string);
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created).toBeLessThanOrEqual(Date.now());
  });

  it("counts the segments Twilio bills: 161 GSM-7 characters are two", async () => {
    const base = await start();
    const { json } = await create(base, { ...sms, Body: "a".repeat(161) });
    expect(json.num_segments).toBe("2");
  });

  it("through a Messaging Service answers `accepted`, with no sender yet", async () => {
    const base = await start();
    const { status, json } = await create(base, { To: TO, MessagingServiceSid: SERVICE_SID, Body: "hi" });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      status: "accepted",
      from: null,
      messaging_service_sid: SERVICE_SID,
      num_segments: "0",
    });
  });
});

describe("POST Messages.json: parameters checked as Twilio documents them", () => {
  it.each([
    ["no To", { From: FROM, Body: "x" }, 21604],
    ["a To not in E.164", { To: "05551111111", From: FROM, Body: "x" }, 21211],
    ["a channel address as To", { To: "whatsapp:+905551111111", From: FROM, Body: "x" }, 21211],
    ["neither From nor MessagingServiceSid", { To: TO, Body: "x" }, 21603],
    ["a From that is neither a number nor a sender id", { To: TO, From: "twelve chars", Body: "x" }, 21212],
    ["a malformed MessagingServiceSid", { To: TO, MessagingServiceSid: "MG123", Body: "x" }, 21701],
    ["no Body", { To: TO, From: FROM }, 21602],
    ["an empty Body", { To: TO, From: FROM, Body: "" }, 21602],
    ["a Body of 1,601 characters", { To: TO, From: FROM, Body: "é".repeat(1_601) }, 21617],
    ["a ValidityPeriod of 0", { ...sms, ValidityPeriod: "0" }, 90014],
    ["a ValidityPeriod that is not an integer", { ...sms, ValidityPeriod: "1.5" }, 90014],
    ["a ValidityPeriod of 36,001", { ...sms, ValidityPeriod: "36001" }, 90007],
    ["a relative StatusCallback", { ...sms, StatusCallback: "/receipts" }, 21609],
    [
      "a StatusCallback host with an underscore",
      { ...sms, StatusCallback: "https://my_host.example/r" },
      21609,
    ],
  ])("answers 400 with error %s", async (_name, form, code) => {
    const base = await start();
    const { status, json } = await create(base, form as Record<string, string>);
    expect(status).toBe(400);
    expect(json).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect((await received(base)).counters).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it("takes the limits themselves: a Body of 1,600 characters, ValidityPeriod 1 and 36,000, an alphanumeric From", async () => {
    const base = await start();
    expect((await create(base, { ...sms, Body: "é".repeat(1_600) })).status).toBe(201);
    expect((await create(base, { ...sms, ValidityPeriod: "1" })).status).toBe(201);
    expect((await create(base, { ...sms, ValidityPeriod: "36000" })).status).toBe(201);
    expect((await create(base, { ...sms, From: "Dispatcher" })).status).toBe(201);
  });
});

describe("POST Messages.json: the shared switches", () => {
  it.each([
    [429, 20429],
    [400, 21211],
    [401, 20003],
    [404, 20404],
    [500, 20500],
    [503, 20503],
    [422, 70002],
  ])("answers a simulated %i with Twilio's error %i", async (status, code) => {
    const base = await start({ switches: { failRecipients: { [TO]: status }, retryAfterSeconds: 7 } });
    const answer = await create(base, sms);
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ code, status });
    expect(answer.headers.get("retry-after")).toBe(status === 429 ? "7" : null);
  });

  it("answers errorBody verbatim in place of Twilio's error", async () => {
    const errorBody = JSON.stringify({
      code: 21610,
      message: "Attempt to send to unsubscribed recipient",
      status: 400,
    });
    const base = await start({ switches: { failRecipients: { [TO]: 400 }, errorBody } });
    const answer = await create(base, sms);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(JSON.parse(errorBody));
  });

  it("sends every repeat of a reference again, with a sid of its own: a double send", async () => {
    const base = await start();
    const form = { ...sms, StatusCallback: `https://dispatcher.example/provider/tw/receipts?ref=${REF}` };
    const first = await create(base, form);
    const second = await create(base, form);
    expect(second.json.sid).not.toBe(first.json.sid);
    const { counters, received: records } = await received(base);
    expect(counters).toMatchObject({ requests: 2, accepted: 1, duplicates: 1, doubleSends: 1 });
    expect(records).toEqual([
      expect.objectContaining({ idempotencyKey: REF, sends: 2, to: TO, content: "code 1234" }),
    ]);
    const { json } = await list(base, `?To=${encodeURIComponent(TO)}`);
    expect(json.messages.map((m) => m.sid)).toEqual([second.json.sid, first.json.sid]);
    const log = (await (await fetch(`${base}/requests`)).json()) as {
      answers: { idempotencyKey: string | null }[];
    };
    expect(log.answers.map((a) => a.idempotencyKey)).toEqual([REF, REF]);
  });

  it("with failAfterAcceptRate creates the message and answers 500 (20500)", async () => {
    const base = await start({ switches: { failAfterAcceptRate: 1 } });
    const answer = await create(base, sms);
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({ code: 20500, status: 500 });
    const { json } = await list(base, "");
    expect(json.messages).toHaveLength(1);
    expect((await received(base)).counters).toMatchObject({ accepted: 1 });
  });

  it("with dropRate creates the message and closes the connection unanswered", async () => {
    const base = await start({ switches: { dropRate: 1 } });
    await expect(create(base, sms)).rejects.toThrow();
    const { json } = await list(base, "");
    expect(json.messages.map((m) => m.body)).toEqual(["code 1234"]);
  });
});

describe("GET Messages.json", () => {
  it("needs the account's credentials", async () => {
    const base = await start();
    const { status, json } = await list(base, "", basic(ACCOUNT_SID, "wrong"));
    expect(status).toBe(401);
    expect(json).toMatchObject({ code: 20003 });
  });

  it("lists the messages created, newest first, filtered by To and From", async () => {
    const base = await start();
    await create(base, { ...sms, Body: "one" });
    await create(base, { ...sms, To: "+905552222222", Body: "other recipient" });
    await create(base, { ...sms, From: "Dispatcher", Body: "other sender" });
    await create(base, { ...sms, Body: "two" });
    const byTo = await list(base, `?To=${encodeURIComponent(TO)}`);
    expect(byTo.status).toBe(200);
    expect(byTo.json.messages.map((m) => m.body)).toEqual(["two", "other sender", "one"]);
    const byBoth = await list(base, `?To=${encodeURIComponent(TO)}&From=${encodeURIComponent(FROM)}`);
    expect(byBoth.json.messages.map((m) => m.body)).toEqual(["two", "one"]);
    expect(byBoth.json).toMatchObject({
      page: 0,
      page_size: 50,
      start: 0,
      end: 1,
      next_page_uri: null,
      previous_page_uri: null,
    });
  });

  it("pages through next_page_uri, PageSize at a time, and sees each message once", async () => {
    const base = await start();
    for (let i = 1; i <= 5; i++) await create(base, { ...sms, Body: `m${i}` });
    const bodies: string[] = [];
    let next: string | null = `${messagesUrl(base)}?PageSize=2`;
    let pages = 0;
    while (next !== null) {
      const response = await fetch(next.startsWith("/") ? `${base}${next}` : next, {
        headers: { authorization: AUTH },
      });
      const page = (await response.json()) as ListAnswer;
      expect(page.page).toBe(pages);
      bodies.push(...page.messages.map((m) => m.body));
      next = page.next_page_uri;
      pages++;
    }
    expect(bodies).toEqual(["m5", "m4", "m3", "m2", "m1"]);
    expect(pages).toBe(3);
  });

  it("filters by DateSent, DateSent< and DateSent>, leaving out messages not sent yet", async () => {
    const base = await start();
    await create(base, { ...sms, Body: "sent" });
    let sentAt = 0;
    await eventually(async () => {
      const { json } = await list(base, "");
      expect(json.messages[0]?.date_sent).not.toBeNull();
      sentAt = Date.parse(json.messages[0]!.date_sent!);
    });
    // A long receipt delay keeps the next message queued (date_sent null).
    await fetch(`${base}/control`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receiptDelayMs: 60_000 }),
    });
    await create(base, { ...sms, Body: "queued" });
    const day = (offset: number) => new Date(sentAt + offset * 86_400_000).toISOString().slice(0, 10);
    const [yesterday, today, tomorrow] = [day(-1), day(0), day(1)];
    const bodies = async (query: string) => (await list(base, query)).json.messages.map((m) => m.body);
    expect(await bodies("")).toEqual(["queued", "sent"]);
    expect(await bodies(`?DateSent=${today}`)).toEqual(["sent"]);
    expect(await bodies(`?${encodeURIComponent("DateSent>")}=${today}`)).toEqual(["sent"]);
    expect(await bodies(`?${encodeURIComponent("DateSent>")}=${tomorrow}`)).toEqual([]);
    expect(await bodies(`?${encodeURIComponent("DateSent<")}=${today}`)).toEqual(["sent"]);
    expect(await bodies(`?${encodeURIComponent("DateSent<")}=${yesterday}`)).toEqual([]);
    expect(await bodies(`?DateSent=${new Date(sentAt).toISOString().replace(".000", "")}`)).toEqual(["sent"]);
  });

  it.each([
    ["PageSize=0"],
    ["PageSize=1001"],
    ["PageSize=ten"],
    ["DateSent=yesterday"],
    ["PageToken=nonsense"],
  ])("answers 400 for %s", async (query) => {
    const base = await start();
    const { status, json } = await list(base, `?${query}`);
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 400 });
  });

  it("is emptied by DELETE /messages, with the other records", async () => {
    const base = await start();
    await create(base, sms);
    expect((await fetch(`${base}/messages`, { method: "DELETE" })).status).toBe(204);
    expect((await list(base, "")).json.messages).toEqual([]);
  });
});

describe("status callbacks", () => {
  it("POSTs sent, then delivered, to the StatusCallback, signed as the twilio package verifies", async () => {
    const { url, callbacks } = await receiver();
    const base = await start();
    const statusCallback = `${url}?ref=${REF}`;
    const { json } = await create(base, { ...sms, StatusCallback: statusCallback });
    await eventually(() => expect(callbacks).toHaveLength(2));
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(["sent", "delivered"]);
    for (const callback of callbacks) {
      expect(callback.url).toBe(statusCallback);
      expect(callback.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const signature = callback.headers["x-twilio-signature"] as string;
      expect(twilio.validateRequest(AUTH_TOKEN, signature, callback.url, callback.params)).toBe(true);
      expect(twilio.validateRequest("0".repeat(32), signature, callback.url, callback.params)).toBe(false);
    }
    expect(callbacks[1]!.params).toEqual({
      AccountSid: ACCOUNT_SID,
      ApiVersion: "2010-04-01",
      From: FROM,
      MessageSid: json.sid,
      SmsSid: json.sid,
      MessageStatus: "delivered",
      SmsStatus: "delivered",
      To: TO,
      RawDlrDoneDate: expect.stringMatching(/^\d{10}$/),
    });
    expect(callbacks[0]!.params).not.toHaveProperty("RawDlrDoneDate");
    await eventually(async () => expect((await received(base)).counters.receiptsSent).toBe(2));
    const listed = (await list(base, "")).json.messages[0]!;
    expect(listed.status).toBe("delivered");
    expect(listed.date_sent).not.toBeNull();
  });

  it("reports receiptFailRate's share undelivered with ErrorCode 30003, and repeats the final one receiptDuplicates times", async () => {
    const { url, callbacks } = await receiver();
    const base = await start({ switches: { receiptFailRate: 1, receiptDuplicates: 2 } });
    await create(base, { ...sms, StatusCallback: url });
    await eventually(() => expect(callbacks).toHaveLength(4));
    expect(callbacks.map((c) => [c.params.MessageStatus, c.params.ErrorCode])).toEqual([
      ["sent", undefined],
      ["undelivered", "30003"],
      ["undelivered", "30003"],
      ["undelivered", "30003"],
    ]);
  });

  it("with receiptBeforeAnswer has sent every callback before it answers; through a Messaging Service, names it and the pool number", async () => {
    const { url, callbacks } = await receiver();
    const base = await start({ switches: { receiptBeforeAnswer: true } });
    const answer = await create(base, {
      To: TO,
      MessagingServiceSid: SERVICE_SID,
      Body: "hi",
      StatusCallback: url,
    });
    expect(answer.status).toBe(201);
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(["sent", "delivered"]);
    expect(callbacks[1]!.params).toMatchObject({ MessagingServiceSid: SERVICE_SID, From: "+15005550006" });
  });

  it("with receiptOutOfOrder sends the final status before sent", async () => {
    const { url, callbacks } = await receiver();
    const base = await start({ switches: { receiptOutOfOrder: true } });
    await create(base, { ...sms, StatusCallback: url });
    await eventually(() => expect(callbacks).toHaveLength(2));
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(["delivered", "sent"]);
  });
});

describe("configuration", () => {
  it("defaults MOCK_PROVIDER_TWILIO_* to DEFAULT_TWILIO_ACCOUNT, and refuses a SID that is not AC and 32 hex digits", () => {
    const config = loadMockProviderConfig({});
    expect({
      accountSid: config.MOCK_PROVIDER_TWILIO_ACCOUNT_SID,
      authToken: config.MOCK_PROVIDER_TWILIO_AUTH_TOKEN,
    }).toEqual(DEFAULT_TWILIO_ACCOUNT);
    expect(
      loadMockProviderConfig({ MOCK_PROVIDER_TWILIO_ACCOUNT_SID: ACCOUNT_SID })
        .MOCK_PROVIDER_TWILIO_ACCOUNT_SID,
    ).toBe(ACCOUNT_SID);
    expect(() => loadMockProviderConfig({ MOCK_PROVIDER_TWILIO_ACCOUNT_SID: "AC123" })).toThrow(ConfigError);
  });

  it("answers for DEFAULT_TWILIO_ACCOUNT when built without a Twilio account", async () => {
    const app = buildMockProvider();
    apps.push(app);
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const answer = await create(base, sms, {
      accountSid: DEFAULT_TWILIO_ACCOUNT.accountSid,
      authorization: basic(DEFAULT_TWILIO_ACCOUNT.accountSid, "any password"),
    });
    expect(answer.status).toBe(201);
  });
});
