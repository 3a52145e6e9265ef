import { type CallbackHostResolver, createCallbackResolver } from "@dispatcher/core";
import { type DnsServer, startDnsServer } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// callbackUrl at intake, over a real socket: the SSRF guard with and without
// ALLOW_PRIVATE_CALLBACKS, callbacks off without CALLBACK_SIGNING_SECRET, and callback hosts
// resolved through a real DNS server (a silent one is a 503, never a 400).

const TR = "+905551111111";
const apis: Record<"off" | "strict" | "open", { h: ApiHarness; base: string }> = {} as never;
let dns: DnsServer;
let resolve: CallbackHostResolver;
beforeAll(async () => {
  dns = await startDnsServer(
    (name) =>
      ({
        "hooks.example.test": { addresses: ["93.184.216.34", "2606:2800:220:1::1"] },
        "inside.example.test": { addresses: ["93.184.216.34", "10.0.0.7"] },
        "slow.example.test": "silent" as const,
        "broken.example.test": "servfail" as const,
      })[name] ?? "nxdomain",
  );
  resolve = createCallbackResolver({ timeoutMs: 300, maxCacheMs: 0, servers: [dns.server] });
  for (const [name, callbacks] of [
    ["off", undefined],
    ["strict", { allowPrivate: false, resolve }],
    ["open", { allowPrivate: true, resolve }],
  ] as const) {
    const h = await startApi({ settings: { callbacks } });
    apis[name] = { h, base: await h.app.listen({ port: 0, host: "127.0.0.1" }) };
  }
});
afterAll(async () => {
  await Promise.all(Object.values(apis).map((a) => a?.h.close()));
  await dns?.close();
});
beforeEach(async () => {
  for (const { h } of Object.values(apis))
    await sql`truncate messages, intake_keys restart identity`.execute(h.db);
});

const post = (api: keyof typeof apis, body: unknown, path = "/api/v1/messages") =>
  callOverSocket(apis[api].base, "POST", path, body);
const stored = async (api: keyof typeof apis) =>
  Number((await sql<{ n: string }>`select count(*) as n from messages`.execute(apis[api].h.db)).rows[0]!.n);

describe("callbackUrl at intake", () => {
  it("is stored and shown when callbacks are on and the URL is public", async () => {
    const res = await post("strict", {
      to: TR,
      content: "x",
      callbackUrl: "https://93.184.216.34/sms/status",
    });
    expect(res.status).toBe(201);
    expect(res.body.callbackUrl).toBe("https://93.184.216.34/sms/status");
    expect((await post("strict", { to: TR, content: "y" })).body.callbackUrl).toBeNull();
  });

  it.each([
    "http://127.0.0.1:8080/cb",
    "http://localhost/cb",
    "http://[::1]/cb",
    "http://10.0.0.7/cb",
    "http://169.254.169.254/latest/meta-data",
    "http://[::ffff:192.168.0.1]/cb",
    "http://0x7f000001/cb",
  ])(
    "refuses %s (loopback or private) with a 400 naming callbackUrl, storing nothing",
    async (callbackUrl) => {
      const res = await post("strict", { to: TR, content: "x", callbackUrl });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe("callbackUrl");
      expect(res.body.message).toMatch(/loopback or private address/);
      expect(await stored("strict")).toBe(0);
    },
  );

  it("accepts a private address with ALLOW_PRIVATE_CALLBACKS", async () => {
    const res = await post("open", { to: TR, content: "x", callbackUrl: "http://127.0.0.1:8080/cb" });
    expect(res.status).toBe(201);
    expect(res.body.callbackUrl).toBe("http://127.0.0.1:8080/cb");
  });

  it.each([
    ["ftp://93.184.216.34/x", /http or https/],
    ["javascript:alert(1)", /http or https/],
    ["not a url", /absolute/],
    ["https://user:secret@93.184.216.34/", /credentials/],
    ["https://no-such-host.invalid/cb", /does not resolve/],
  ])("refuses %s with a 400 naming callbackUrl", async (callbackUrl, why) => {
    const res = await post("strict", { to: TR, content: "x", callbackUrl });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe("callbackUrl");
    expect(res.body.message).toMatch(why);
  });

  it("bulk names every bad callbackUrl by index and stores nothing", async () => {
    const res = await post(
      "strict",
      {
        messages: [
          { to: TR, content: "a", callbackUrl: "https://93.184.216.34/ok" },
          { to: TR, content: "b", callbackUrl: "http://127.0.0.1/cb" },
        ],
      },
      "/api/v1/messages/bulk",
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, field: "callbackUrl" })]);
    expect(await stored("strict")).toBe(0);
  });

  it.each([
    ["a NUL", "https://93.184.216.34/sms\u0000status"],
    ["a lone surrogate", "https://93.184.216.34/sms\ud800status"],
  ])("a callbackUrl with %s is a 400 naming callbackUrl, storing nothing", async (_kind, callbackUrl) => {
    const res = await post("strict", { to: TR, content: "x", callbackUrl });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: "callbackUrl", message: expect.stringMatching(/NUL/) });
    expect(await stored("strict")).toBe(0);
  });

  it.each([
    ["a NUL", "https://93.184.216.34/sms\u0000status"],
    ["a lone surrogate", "https://93.184.216.34/sms\udfffstatus"],
  ])("bulk names the item whose callbackUrl has %s, storing nothing", async (_kind, callbackUrl) => {
    const res = await post(
      "strict",
      {
        messages: [
          { to: TR, content: "a", callbackUrl: "https://93.184.216.34/ok" },
          { to: TR, content: "b", callbackUrl },
        ],
      },
      "/api/v1/messages/bulk",
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { index: 1, field: "callbackUrl", message: expect.stringMatching(/NUL/) },
    ]);
    expect(await stored("strict")).toBe(0);
  });

  it("resolves a host name through DNS and stores a URL whose addresses are all public", async () => {
    const res = await post("strict", { to: TR, content: "x", callbackUrl: "https://hooks.example.test/sms" });
    expect(res.status).toBe(201);
    expect(res.body.callbackUrl).toBe("https://hooks.example.test/sms");
    expect(dns.queries.map((q) => `${q.type} ${q.name}`)).toEqual(
      expect.arrayContaining(["A hooks.example.test", "AAAA hooks.example.test"]),
    );
  });

  it.each([
    [
      "one of its addresses is private",
      "https://inside.example.test/cb",
      /loopback or private address \(10\.0\.0\.7\)/,
    ],
    [
      "DNS says the name does not exist",
      "https://gone.example.test/cb",
      /host gone\.example\.test does not resolve/,
    ],
    [
      "its name cannot be asked (a 64-character label)",
      `https://${"a".repeat(64)}.example.test/cb`,
      /does not resolve/,
    ],
  ])("refuses a host when %s: a 400 naming callbackUrl, storing nothing", async (_case, callbackUrl, why) => {
    const res = await post("strict", { to: TR, content: "x", callbackUrl });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: "callbackUrl", message: expect.stringMatching(why) });
    expect(await stored("strict")).toBe(0);
  });

  it.each([
    ["never answers", "https://slow.example.test/cb", /did not resolve within 300 ms/],
    ["answers SERVFAIL", "https://broken.example.test/cb", /ESERVFAIL/],
  ])(
    "answers 503 with Retry-After when the host's name server %s, storing nothing",
    async (_case, callbackUrl, why) => {
      for (const [path, body] of [
        ["/api/v1/messages", { to: TR, content: "x", callbackUrl }],
        [
          "/api/v1/messages/bulk",
          {
            messages: [
              { to: TR, content: "a" },
              { to: TR, content: "b", callbackUrl },
            ],
          },
        ],
      ] as const) {
        const res = await post("strict", body, path);
        expect(res.status, path).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(res.body).toMatchObject({
          code: "callback_dns_unavailable",
          message: expect.stringMatching(why),
        });
      }
      expect(await stored("strict")).toBe(0);
    },
  );

  it("is refused while callbacks are off (no CALLBACK_SIGNING_SECRET, or no RECEIPT_SECRET)", async () => {
    const res = await post("off", { to: TR, content: "x", callbackUrl: "https://93.184.216.34/cb" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/status callbacks are off/);
    expect(await stored("off")).toBe(0);
  });

  it("needs a key like every intake", async () => {
    const body = { to: TR, content: "x", callbackUrl: "https://93.184.216.34/cb" };
    expect(
      (await callOverSocket(apis.strict.base, "POST", "/api/v1/messages", body, { key: null })).status,
    ).toBe(401);
    expect(
      (await callOverSocket(apis.strict.base, "POST", "/api/v1/messages", body, { key: "wrong" })).status,
    ).toBe(401);
  });
});

describe("an API key's default callback URL (API_KEY_CALLBACK_URLS)", () => {
  const OTHER_KEY = "other-test-key";
  let h: ApiHarness;
  let base: string;
  const post = (body: unknown, key: string = TEST_KEY, path = "/api/v1/messages") =>
    callOverSocket(base, "POST", path, body, { key });
  beforeAll(async () => {
    h = await startApi({
      settings: {
        apiKeys: [...TEST_KEYS, { name: "other", sha256: hashApiKey(OTHER_KEY), role: "admin" }],
        callbacks: { allowPrivate: false, resolve, byKey: { ops: "https://93.184.216.34/ops-status" } },
      },
    });
    base = await h.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("goes to the key's messages that give none, single and bulk; a message's own URL wins", async () => {
    expect((await post({ to: TR, content: "a" })).body.callbackUrl).toBe("https://93.184.216.34/ops-status");
    const own = await post({ to: TR, content: "b", callbackUrl: "https://93.184.216.34/mine" });
    expect(own.body.callbackUrl).toBe("https://93.184.216.34/mine");
    const bulk = await post(
      {
        messages: [
          { to: TR, content: "c" },
          { to: TR, content: "d", callbackUrl: "https://93.184.216.34/x" },
        ],
      },
      TEST_KEY,
      "/api/v1/messages/bulk",
    );
    const items = bulk.body.items as { callbackUrl: string }[];
    expect(items.map((m) => m.callbackUrl)).toEqual([
      "https://93.184.216.34/ops-status",
      "https://93.184.216.34/x",
    ]);
    // Another key without a default: none.
    expect((await post({ to: TR, content: "e" }, OTHER_KEY)).body.callbackUrl).toBeNull();
  });

  it("a key default the SSRF guard refuses is a 400 that says where it came from, and stores nothing", async () => {
    const strict = await startApi({
      settings: { callbacks: { allowPrivate: false, resolve, byKey: { ops: "http://10.0.0.7/status" } } },
    });
    const strictBase = await strict.app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const res = await callOverSocket(strictBase, "POST", "/api/v1/messages", { to: TR, content: "x" });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe("callbackUrl");
      expect(res.body.message).toMatch(/API_KEY_CALLBACK_URLS.*loopback or private address/);
      const n = await sql<{ n: string }>`select count(*) as n from messages`.execute(strict.db);
      expect(Number(n.rows[0]!.n)).toBe(0);
    } finally {
      await strict.close();
    }
  });

  it("a key default whose name server never answers is a 503 with Retry-After naming API_KEY_CALLBACK_URLS; without a key, or with a wrong one, a 401; nothing stored", async () => {
    const stalled = await startApi({
      settings: {
        callbacks: { allowPrivate: false, resolve, byKey: { ops: "https://slow.example.test/status" } },
      },
    });
    const stalledBase = await stalled.app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const body = { to: TR, content: "x" };
      const res = await callOverSocket(stalledBase, "POST", "/api/v1/messages", body);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.body).toMatchObject({
        code: "callback_dns_unavailable",
        message: expect.stringMatching(/API_KEY_CALLBACK_URLS.*slow\.example\.test did not resolve/),
      });
      for (const key of [null, "wrong"]) {
        expect((await callOverSocket(stalledBase, "POST", "/api/v1/messages", body, { key })).status).toBe(
          401,
        );
      }
      const n = await sql<{ n: string }>`select count(*) as n from messages`.execute(stalled.db);
      expect(Number(n.rows[0]!.n)).toBe(0);
    } finally {
      await stalled.close();
    }
  });
});
