import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Secret } from "@dispatcher/core";
import { afterEach, describe, expect, it } from "vitest";
import { webhookAdapter } from "../src/adapters/webhook.js";
import { createBoundedLookup } from "../src/bounded-lookup.js";
import { parseRetryAfter } from "../src/http-answer.js";
import type { OutgoingMessage, ProviderAdapter, SendOutcome } from "../src/provider-adapter.js";
import { checkSettings } from "../src/provider-settings.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A provider that is not the mock: answers whatever `handle` says, over real HTTP. */
async function provider(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<string> {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => handle(req, body, res));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/sms`;
}

const message: OutgoingMessage = {
  messageId: 1,
  to: "+905551111111",
  content: "hi",
  reference: "key-1",
  expiresAt: null,
};

/** A webhook adapter for `url`, its settings checked (and defaulted) as the config does. */
function adapter(url: string, settings: Record<string, unknown> = {}, timeoutMs = 2_000): ProviderAdapter {
  const all = { url, authKey: new Secret("secret", "test"), ...settings };
  expect(checkSettings(webhookAdapter.settings, all)).toEqual([]);
  return webhookAdapter.create(all as never, {
    name: "test",
    timeoutMs,
    maxSockets: 4,
    lookup: createBoundedLookup({ timeoutMs: 1_000 }),
  });
}

async function sendOnce(
  url: string,
  settings: Record<string, unknown> = {},
  timeoutMs = 2_000,
): Promise<SendOutcome> {
  const client = adapter(url, settings, timeoutMs);
  try {
    return await client.send(message);
  } finally {
    await client.close();
  }
}

describe("the webhook adapter", () => {
  it("POSTs {to, content} as JSON with the auth header and Idempotency-Key, and reads the messageId", async () => {
    let seen: { headers: IncomingMessage["headers"]; body: string } | undefined;
    const url = await provider((req, body, res) => {
      seen = { headers: req.headers, body };
      res
        .writeHead(202, { "content-type": "application/json" })
        .end('{"message":"Accepted","messageId":"m-1"}');
    });
    expect(await sendOnce(url)).toEqual({ outcome: "accepted", status: 202, providerMessageId: "m-1" });
    expect(JSON.parse(seen!.body)).toEqual({ to: "+905551111111", content: "hi" });
    expect(seen!.headers["x-ins-auth-key"]).toBe("secret");
    expect(seen!.headers["idempotency-key"]).toBe("key-1");
    expect(seen!.headers["content-type"]).toBe("application/json");
  });

  it("sends `from` only when a sender is configured", async () => {
    let body = "";
    const url = await provider((_req, b, res) => {
      body = b;
      res.writeHead(202).end("{}");
    });
    await sendOnce(url, { from: "ACME" });
    expect(JSON.parse(body)).toEqual({ to: "+905551111111", content: "hi", from: "ACME" });
  });

  it("treats any 2xx as accepted, with a null messageId when the body has none", async () => {
    const url = await provider((_req, _body, res) => res.writeHead(200).end("OK"));
    expect(await sendOnce(url)).toEqual({ outcome: "accepted", status: 200, providerMessageId: null });
  });

  it.each([
    [400, "refused", false],
    [401, "refused", false],
    [404, "refused", false],
    [301, "refused", false],
    [408, "refused", true],
    [429, "rate-limited", undefined],
    [500, "possibly-accepted", undefined],
    [502, "possibly-accepted", undefined],
    [503, "possibly-accepted", undefined],
    [504, "possibly-accepted", undefined],
  ] as const)("reads %i as %s (retryable: %s)", async (status, outcome, retryable) => {
    const url = await provider((_req, _body, res) =>
      res.writeHead(status, { location: "/elsewhere" }).end("no"),
    );
    const answer = await sendOnce(url);
    expect(answer).toMatchObject({ outcome, status });
    if (retryable !== undefined) expect(answer).toMatchObject({ retryable });
  });

  it("passes on Retry-After, and a timeout is possibly-accepted within the timeout", async () => {
    const url = await provider((req, _body, res) => {
      if (req.headers["idempotency-key"] === "slow") return; // never answers
      res.writeHead(429, { "retry-after": "3" }).end();
    });
    const client = adapter(url, {}, 300);
    expect(await client.send(message)).toMatchObject({ outcome: "rate-limited", retryAfterMs: 3_000 });
    const started = Date.now();
    expect(await client.send({ ...message, reference: "slow" })).toMatchObject({
      outcome: "possibly-accepted",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    await client.close();
  });

  it("reads the opt-out answer it is configured with, from the body only", async () => {
    let body = '{"code":21610}';
    let status = 400;
    const url = await provider((_req, _b, res) => res.writeHead(status).end(body));
    const rule = { optOutStatus: 400, optOutCode: "21610" };
    expect(await sendOnce(url, rule)).toMatchObject({
      outcome: "invalid-recipient",
      optedOut: true,
      code: "21610",
    });
    body = '{"code":30003}';
    expect(await sendOnce(url, rule)).toMatchObject({ outcome: "refused", retryable: false });
    status = 422;
    body = '{"code":21610}';
    expect(await sendOnce(url, rule)).toMatchObject({ outcome: "refused" });
    // "400" is in the outcome's reason ("provider answered 400: …"), not in the body.
    status = 400;
    body = '{"code":1}';
    expect(await sendOnce(url, { optOutStatus: 400, optOutCode: "400" })).toMatchObject({
      outcome: "refused",
    });
    // An empty code: the status alone; status 0: never.
    expect(await sendOnce(url, { optOutStatus: 400, optOutCode: "" })).toMatchObject({
      outcome: "invalid-recipient",
    });
    expect(await sendOnce(url)).toMatchObject({ outcome: "refused" });
  });
});

describe("what a call without an answer says about acceptance", () => {
  it("no connection: refused and retryable, nothing was sent", async () => {
    const closed = await provider(() => {});
    await new Promise((r) => server!.close(r));
    server = undefined;
    expect(await sendOnce(closed)).toMatchObject({ outcome: "refused", retryable: true });
  });

  it("a host name that does not resolve: not-sent, which says nothing of the provider", async () => {
    expect(await sendOnce("http://no-such-host.invalid/sms")).toMatchObject({ outcome: "not-sent" });
  });

  it("a timeout, or a connection dropped after the request went out, may have been accepted", async () => {
    const slow = await provider(() => {});
    expect(await sendOnce(slow, {}, 300)).toMatchObject({ outcome: "possibly-accepted" });
    await new Promise((r) => server!.close(r));
    server = undefined;
    const dropping = await provider((req) => req.socket.destroy());
    expect(await sendOnce(dropping)).toMatchObject({ outcome: "possibly-accepted" });
  });
});

describe("parseRetryAfter", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
