import { Secret } from "@dispatcher/core";
import { getOptOut } from "@dispatcher/db";
import { ADAPTER_SETTINGS_CHECK, createInboundReaders } from "@dispatcher/providers";
import { sql } from "kysely";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, callOverSocket, metricValue, startApi } from "./api-harness.js";

// A named provider's inbound messages (Twilio's incoming-message webhook), over a real socket:
// signed the way the official `twilio` package signs them, verified by the twilio adapter.

const TOKEN = "twilio-auth-token-for-tests";
const ACCOUNT = `AC${"0".repeat(32)}`;
/** The inboundUrl the provider is configured with: what Twilio is told, and signs (as behind a proxy). */
const INBOUND_URL = "https://sms.example.com/provider/tw/inbound";
const TR = "+905551234567";
let h: ApiHarness;
let base: string;

beforeAll(async () => {
  const twilioSettings = (inboundUrl?: string): Record<string, unknown> => ({
    accountSid: ACCOUNT,
    authToken: new Secret(TOKEN, "test"),
    from: "+15005550006",
    ...(inboundUrl ? { inboundUrl } : {}),
  });
  const settings = twilioSettings(INBOUND_URL);
  expect(ADAPTER_SETTINGS_CHECK.check("twilio", settings)).toEqual([]);
  h = await startApi({
    settings: {
      providerInbound: createInboundReaders([
        { name: "tw", kind: "twilio", settings },
        { name: "aws", kind: "aws-sms", settings: {} },
      ]),
    },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, opt_outs, dispatcher_events restart identity`.execute(h.db);
});

/** Twilio's incoming-message webhook fields for `body` from `from`. */
const incoming = (from: string, body: string): Record<string, string> => ({
  ToCountry: "US",
  SmsMessageSid: "SM0123456789abcdef0123456789abcdef",
  NumMedia: "0",
  SmsSid: "SM0123456789abcdef0123456789abcdef",
  SmsStatus: "received",
  Body: body,
  To: "+15005550006",
  NumSegments: "1",
  MessageSid: "SM0123456789abcdef0123456789abcdef",
  AccountSid: ACCOUNT,
  From: from,
  ApiVersion: "2010-04-01",
});

/** POSTs `params` form-encoded to provider `name`'s inbound endpoint, signed by the twilio package for INBOUND_URL. */
async function postIncoming(
  params: Record<string, string>,
  options: {
    token?: string;
    signature?: string | null;
    tamper?: (form: string) => string;
    name?: string;
  } = {},
) {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? TOKEN, INBOUND_URL, params)
      : options.signature;
  const form = new URLSearchParams(params).toString();
  const res = await fetch(`${base}/provider/${options.name ?? "tw"}/inbound`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature === null ? {} : { "x-twilio-signature": signature }),
    },
    body: options.tamper ? options.tamper(form) : form,
  });
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
}

/** dispatcher_inbound_messages_total{provider="tw",outcome}, as GET /metrics shows it. */
const inboundCount = (outcome: string) =>
  metricValue(base, `dispatcher_inbound_messages_total{provider="tw",outcome="${outcome}"}`);

const optOutCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from opt_outs`.execute(h.db)).rows[0]!.n);

describe("POST /provider/{name}/inbound (twilio)", () => {
  it("a STOP signed as Twilio signs it opts the sender out, answered with empty TwiML; intake then refuses the number", async () => {
    const before = await inboundCount("stop");
    const answer = await postIncoming(incoming(TR, "İPTAL"));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(answer.text).toBe("<Response></Response>");
    expect(await getOptOut(h.db, TR)).toMatchObject({
      source: "keyword",
      detail: "IPTAL",
      actor: "recipient",
      reason: "sent IPTAL through tw",
    });
    expect(await inboundCount("stop")).toBe(before + 1);
    const refused = await callOverSocket(base, "POST", "/api/v1/messages", { to: TR, content: "hello" });
    expect(refused.status).toBe(409);
  });

  it("START takes the keyword's entry off; HELP is audited with the provider's name and the number masked", async () => {
    await postIncoming(incoming(TR, "stop"));
    expect((await postIncoming(incoming(TR, " Start "))).status).toBe(200);
    expect(await getOptOut(h.db, TR)).toBeUndefined();
    expect((await postIncoming(incoming(TR, "HELP"))).status).toBe(200);
    const events = await callOverSocket<{ items: { kind: string; details: Record<string, unknown> }[] }>(
      base,
      "GET",
      "/api/v1/dispatcher/events",
    );
    expect(events.body.items.find((e) => e.kind === "help")?.details).toEqual({
      number: "+90555***4567",
      provider: "tw",
      keyword: "HELP",
    });
  });

  it("a sentence with STOP in it is answered 200 and opts nobody out", async () => {
    const before = await inboundCount("ignored");
    const answer = await postIncoming(incoming(TR, "we have got to STOP this bill"));
    expect(answer).toMatchObject({ status: 200, text: "<Response></Response>" });
    expect(await optOutCount()).toBe(0);
    expect(await inboundCount("ignored")).toBe(before + 1);
  });

  it("a tampered body, another token, a forged or missing signature: 401, nothing stored, counted", async () => {
    const before = await inboundCount("unauthenticated");
    const params = incoming(TR, "hello");
    const attempts = [
      await postIncoming(params, { tamper: (form) => form.replace("Body=hello", "Body=STOP") }),
      await postIncoming(params, { tamper: (form) => form.replace("%2B905551234567", "%2B905551234568") }),
      await postIncoming({ ...params, Body: "STOP" }, { token: "another-token" }),
      await postIncoming({ ...params, Body: "STOP" }, { signature: "bm90IGEgc2lnbmF0dXJl" }),
      await postIncoming({ ...params, Body: "STOP" }, { signature: null }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await optOutCount()).toBe(0);
    expect(await inboundCount("unauthenticated")).toBe(before + 5);
    // The same message, signed, is taken: the refusals were the signature's.
    expect((await postIncoming({ ...params, Body: "STOP" })).status).toBe(200);
    expect(await optOutCount()).toBe(1);
  });

  it("a provider without inbound messages, or no such provider, is a 404", async () => {
    expect((await postIncoming(incoming(TR, "STOP"), { name: "aws" })).status).toBe(404);
    expect((await postIncoming(incoming(TR, "STOP"), { name: "nope" })).status).toBe(404);
    expect((await postIncoming(incoming(TR, "STOP"), { name: "Not_A_Name" })).status).toBe(400);
    expect(await optOutCount()).toBe(0);
  });

  it("refuses a signed message whose sender is not an E.164 number, or whose text has control characters, naming Twilio's field", async () => {
    const cases: [Record<string, string>, string][] = [
      [incoming("whatsapp:+905551234567", "STOP"), "From"],
      [incoming("12345", "STOP"), "From"],
      [incoming("+905551234567\u0000", "STOP"), "From"],
      [incoming(TR, "STOP\u0007"), "Body"],
      [(({ Body: _b, ...rest }) => rest)(incoming(TR, "STOP")), "Body"],
    ];
    for (const [params, field] of cases) {
      const answer = await postIncoming(params);
      expect(answer.status, field).toBe(400);
      expect(JSON.parse(answer.text).field).toBe(field);
    }
    expect(await optOutCount()).toBe(0);
  });

  it("refuses a body over 16 KiB before reading it", async () => {
    const answer = await postIncoming(incoming(TR, "x".repeat(20_000)));
    expect(answer.status).toBe(413);
    expect(await optOutCount()).toBe(0);
  });
});
