import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createProviderClient } from "../src/send/provider-client.js";
import { meansOptedOut, ProviderError, parseRetryAfter } from "../src/send/provider-error.js";

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

const message = { to: "+905551111111", content: "hi", idempotencyKey: "key-1" };

describe("provider client", () => {
  it("POSTs {to, content} as JSON with the auth header and Idempotency-Key, and reads the messageId", async () => {
    let seen: { headers: IncomingMessage["headers"]; body: string } | undefined;
    const url = await provider((req, body, res) => {
      seen = { headers: req.headers, body };
      res
        .writeHead(202, { "content-type": "application/json" })
        .end('{"message":"Accepted","messageId":"m-1"}');
    });
    const client = createProviderClient({
      url,
      authHeader: "x-ins-auth-key",
      authKey: "secret",
      timeoutMs: 2_000,
    });
    expect(await client.send(message)).toEqual({ status: 202, providerMessageId: "m-1" });
    expect(JSON.parse(seen!.body)).toEqual({ to: "+905551111111", content: "hi" });
    expect(seen!.headers["x-ins-auth-key"]).toBe("secret");
    expect(seen!.headers["idempotency-key"]).toBe("key-1");
    expect(seen!.headers["content-type"]).toBe("application/json");
    await client.close();
  });

  it("treats any 2xx as accepted, with a null messageId when the body has none", async () => {
    const url = await provider((_req, _body, res) => res.writeHead(200).end("OK"));
    const client = createProviderClient({ url, authHeader: "x", authKey: "k", timeoutMs: 2_000 });
    expect(await client.send(message)).toEqual({ status: 200, providerMessageId: null });
    await client.close();
  });

  it.each([
    [500, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [401, false],
    [404, false],
    [301, false],
  ])("classifies %i as retryable=%s", async (status, retryable) => {
    const url = await provider((_req, _body, res) =>
      res.writeHead(status, { location: "/elsewhere" }).end("no"),
    );
    const client = createProviderClient({ url, authHeader: "x", authKey: "k", timeoutMs: 2_000 });
    const error = await client.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable, status });
    await client.close();
  });

  it("passes on Retry-After and treats a timeout as retryable", async () => {
    const url = await provider((req, _body, res) => {
      if (req.headers["idempotency-key"] === "slow") return; // never answers
      res.writeHead(429, { "retry-after": "3" }).end();
    });
    const client = createProviderClient({ url, authHeader: "x", authKey: "k", timeoutMs: 300 });
    await expect(client.send(message)).rejects.toMatchObject({ status: 429, retryAfterMs: 3_000 });
    const started = Date.now();
    await expect(client.send({ ...message, idempotencyKey: "slow" })).rejects.toMatchObject({
      retryable: true,
      status: undefined,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    await client.close();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2_000);
    expect(parseRetryAfter("Sun, 22 Nov 2026 10:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("what a failed call says about acceptance (refused)", () => {
  const send = async (url: string, timeoutMs = 1_000) => {
    const client = createProviderClient({ url, authHeader: "x-key", authKey: "k", timeoutMs });
    try {
      await client.send(message);
      throw new Error("expected a ProviderError");
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      return error;
    } finally {
      await client.close();
    }
  };

  it("no connection, or no such host: refused, nothing was sent", async () => {
    const closed = await provider(() => {});
    await new Promise((r) => server!.close(r));
    server = undefined;
    expect((await send(closed)).refused).toBe(true);
    expect((await send("http://no-such-host.invalid/sms")).refused).toBe(true);
  });

  it("the provider's own error answers are refusals; a gateway's 502 and 504 are not", async () => {
    let status = 503;
    const url = await provider((_req, _body, res) => res.writeHead(status).end("{}"));
    for (const [answer, refused] of [
      [503, true],
      [500, true],
      [408, true],
      [429, true],
      [400, true],
      [502, false],
      [504, false],
    ] as const) {
      status = answer;
      expect((await send(url)).refused, `status ${answer}`).toBe(refused);
    }
  });

  it("a timeout, or a connection dropped after the request went out, may have been accepted", async () => {
    const slow = await provider(() => {});
    expect((await send(slow, 300)).refused).toBe(false);
    await new Promise((r) => server!.close(r));
    server = undefined;
    const dropping = await provider((req) => req.socket.destroy());
    expect((await send(dropping)).refused).toBe(false);
  });
});

describe("meansOptedOut", () => {
  const error = (status: number, body: string) =>
    new ProviderError(`provider answered ${status}: ${body}`, false, status, undefined, body);

  it("matches the status and text of the answer's body only, never the error's own words", () => {
    const rule = { status: 400, code: "21610" };
    expect(meansOptedOut(error(400, '{"code":21610}'), rule)).toBe(true);
    expect(meansOptedOut(error(400, '{"code":30003}'), rule)).toBe(false);
    expect(meansOptedOut(error(422, '{"code":21610}'), rule)).toBe(false);
    // "400" is in the error's message ("provider answered 400: …"), not in its body.
    expect(meansOptedOut(error(400, '{"code":1}'), { status: 400, code: "400" })).toBe(false);
    // An empty code: the status alone; status 0: never.
    expect(meansOptedOut(error(400, "{}"), { status: 400, code: "" })).toBe(true);
    expect(meansOptedOut(error(400, "{}"), { status: 0, code: "" })).toBe(false);
  });
});
