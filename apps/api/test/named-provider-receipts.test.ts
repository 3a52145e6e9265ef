import { Secret } from "@dispatcher/core";
import { claimPending, getMessage, insertMessages, markSent, startSending } from "@dispatcher/db";
import { ADAPTER_SETTINGS_CHECK, createReceiptReaders } from "@dispatcher/providers";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

// A named provider's own receipts (Twilio's StatusCallback), over a real socket: signed the way
// the official `twilio` package signs them, verified by the twilio adapter through the API.

const TOKEN = "twilio-auth-token-for-tests";
const ACCOUNT = `AC${"0".repeat(32)}`;
let h: ApiHarness;
let base: string;
/** The statusCallbackUrl the provider is configured with: what Twilio is told, and signs. */
let callbackUrl: string;

beforeAll(async () => {
  const settings: Record<string, unknown> = {
    accountSid: ACCOUNT,
    authToken: new Secret(TOKEN, "test"),
    from: "+15005550006",
    // As behind a proxy: the public URL is not the one the API listens on.
    statusCallbackUrl: "https://sms.example.com/provider/tw/receipts",
  };
  expect(ADAPTER_SETTINGS_CHECK.check("twilio", settings)).toEqual([]);
  h = await startApi({
    settings: { providerReceipts: createReceiptReaders([{ name: "tw", kind: "twilio", settings }]) },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
  callbackUrl = "https://sms.example.com/provider/tw/receipts";
});
afterAll(async () => {
  await h?.close();
});

/** A message recorded sent with Twilio sid `sid`; answers its id and reference. */
async function sentMessage(sid: string) {
  const [row] = await insertMessages(h.db, [{ recipient: "+15005550010", content: "code 1234" }]);
  await claimPending(h.db, 10, "bulk");
  await startSending(h.db, [row!.id], { names: ["tw"], weights: [1] });
  await markSent(h.db, [{ id: row!.id, providerMessageId: sid, sentAt: new Date() }]);
  return { id: row!.id, reference: row!.idempotencyKey };
}

/** POSTs a StatusCallback for `params` to provider `name`, signed for `signedUrl` with `token`. */
async function callback(
  params: Record<string, string>,
  options: {
    query?: string;
    token?: string;
    tamper?: boolean;
    name?: string;
    signature?: string | null;
  } = {},
) {
  const query = options.query ?? "";
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? TOKEN, `${callbackUrl}${query}`, params)
      : options.signature;
  const body = new URLSearchParams(options.tamper ? { ...params, MessageStatus: "failed" } : params);
  const res = await fetch(`${base}/provider/${options.name ?? "tw"}/receipts${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(signature === null ? {} : { "x-twilio-signature": signature }),
    },
    body: body.toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const status = (sid: string, messageStatus: string, extra: Record<string, string> = {}) => ({
  MessageSid: sid,
  SmsSid: sid,
  AccountSid: ACCOUNT,
  MessageStatus: messageStatus,
  SmsStatus: messageStatus,
  From: "+15005550006",
  To: "+15005550010",
  ApiVersion: "2010-04-01",
  ...extra,
});

describe("POST /provider/{name}/receipts (Twilio's StatusCallback)", () => {
  it("a callback signed as the twilio package signs it sets the delivery status, matched by its ref", async () => {
    const m = await sentMessage(`SM${"1".repeat(32)}`);
    const answer = await callback(status(`SM${"1".repeat(32)}`, "delivered"), {
      query: `?ref=${m.reference}`,
    });
    expect(answer).toEqual({ status: 202, body: { outcome: "applied" } });
    expect((await getMessage(h.db, m.id))?.deliveryStatus).toBe("delivered");
  });

  it("a status that is not final is answered 200 ignored and stores nothing", async () => {
    const m = await sentMessage(`SM${"2".repeat(32)}`);
    const answer = await callback(status(`SM${"2".repeat(32)}`, "sent"), { query: `?ref=${m.reference}` });
    expect(answer).toEqual({ status: 200, body: { outcome: "ignored" } });
    expect((await getMessage(h.db, m.id))?.deliveryStatus).toBeNull();
  });

  it("refuses with 401, storing nothing: a tampered body, another token, another URL, no signature", async () => {
    const m = await sentMessage(`SM${"3".repeat(32)}`);
    const params = status(`SM${"3".repeat(32)}`, "undelivered", { ErrorCode: "30003" });
    const query = `?ref=${m.reference}`;
    expect((await callback(params, { query, tamper: true })).status).toBe(401);
    expect((await callback(params, { query, token: "another-token" })).status).toBe(401);
    expect(
      (
        await callback(params, {
          query: `?ref=${m.reference}&x=1`,
          signature: twilio.getExpectedTwilioSignature(TOKEN, `${callbackUrl}${query}`, params),
        })
      ).status,
    ).toBe(401);
    expect((await callback(params, { query, signature: null })).status).toBe(401);
    expect((await callback(params, { query, signature: "\u00ff".repeat(3) })).status).toBe(401);
    expect((await getMessage(h.db, m.id))?.deliveryStatus).toBeNull();
    // The genuine one still applies.
    expect((await callback(params, { query })).body).toEqual({ outcome: "applied" });
    expect((await getMessage(h.db, m.id))?.deliveryStatus).toBe("undelivered");
  });

  it("answers 404 for a provider without receipts here, and 400 for a signed callback that is no receipt", async () => {
    expect((await callback(status("SMx", "delivered"), { name: "nobody" })).status).toBe(404);
    const signed = await callback({ AccountSid: ACCOUNT });
    expect(signed.status).toBe(400);
  });
});
