import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildMockProvider,
  type MockProviderOptions,
  type ReceivedList,
  type Switches,
} from "../src/index.js";

const running: FastifyInstance[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/** Starts a fresh mock provider on a free loopback port and returns its base URL. */
async function start(options: MockProviderOptions = {}): Promise<string> {
  const app = buildMockProvider(options);
  running.push(app);
  return app.listen({ port: 0, host: "127.0.0.1" });
}

async function send(
  base: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

async function putControl(
  base: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/control`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function listReceived(base: string): Promise<ReceivedList> {
  const response = await fetch(`${base}/messages`);
  expect(response.status).toBe(200);
  return (await response.json()) as ReceivedList;
}

/** A mock provider's counters: `seen`, and 0 for every counter it does not name. */
function countersWith(seen: Partial<ReceivedList["counters"]>): ReceivedList["counters"] {
  return {
    requests: 0,
    accepted: 0,
    duplicates: 0,
    doubleSends: 0,
    rejected: 0,
    receiptsSent: 0,
    receiptsFailed: 0,
    ...seen,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const message = { to: "+905551111111", content: "hello" };

describe("POST /messages", () => {
  it("answers 202 Accepted with a UUID messageId", async () => {
    const base = await start();
    const { status, json } = await send(base, message, { "idempotency-key": "k-1" });
    expect(status).toBe(202);
    expect(json.message).toBe("Accepted");
    expect(json.messageId).toMatch(UUID);
  });

  it("gives the same Idempotency-Key the same messageId and counts it once", async () => {
    const base = await start();
    const first = await send(base, message, { "idempotency-key": "same-key" });
    const second = await send(base, message, { "idempotency-key": "same-key" });
    const other = await send(base, message, { "idempotency-key": "other-key" });

    expect(second.status).toBe(202);
    expect(second.json.messageId).toBe(first.json.messageId);
    expect(other.json.messageId).not.toBe(first.json.messageId);
    const { counters, received } = await listReceived(base);
    expect(counters).toEqual(countersWith({ requests: 3, accepted: 2, duplicates: 1 }));
    expect(received.find((r) => r.idempotencyKey === "same-key")?.requests).toBe(2);
  });

  it("treats each request without Idempotency-Key as new, with a fresh key and messageId", async () => {
    const base = await start();
    const first = await send(base, message);
    const second = await send(base, message);
    expect(first.json.messageId).not.toBe(second.json.messageId);
    const { counters, received } = await listReceived(base);
    expect(counters.accepted).toBe(2);
    expect(received.map((r) => r.idempotencyKey)).toEqual([
      expect.stringMatching(UUID),
      expect.stringMatching(UUID),
    ]);
  });

  it("enforces a configured auth key: 401 without it or with a wrong one, 202 with it", async () => {
    const base = await start({ authHeader: "X-Ins-Auth-Key", authKey: "secret" });
    const missing = await send(base, message);
    const wrong = await send(base, message, { "x-ins-auth-key": "nope" });
    const right = await send(base, message, { "x-ins-auth-key": "secret" });

    expect(missing.status).toBe(401);
    expect(missing.json.error).toContain("x-ins-auth-key");
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(202);
    expect((await listReceived(base)).counters).toEqual(
      countersWith({ requests: 3, accepted: 1, rejected: 2 }),
    );
  });

  it("accepts any auth key when none is configured", async () => {
    const base = await start();
    expect((await send(base, message)).status).toBe(202);
    expect((await send(base, message, { "x-ins-auth-key": "anything" })).status).toBe(202);
  });

  it.each([
    ["a missing to", { content: "hi" }, "to"],
    ["a missing content", { to: "+905551111111" }, "content"],
    ["an empty to", { to: "", content: "hi" }, "to"],
    ["an empty content", { to: "+905551111111", content: "" }, "content"],
    ["a numeric to (not coerced)", { to: 905551111111, content: "hi" }, "to"],
  ])("rejects a body with %s with 400 naming the field, and records nothing", async (_name, body, field) => {
    const base = await start();
    const { status, json } = await send(base, body);
    expect(status).toBe(400);
    expect(json.error).toContain(field);
    const { counters, received } = await listReceived(base);
    expect(received).toEqual([]);
    expect(counters).toEqual(countersWith({ requests: 1, rejected: 1 }));
  });

  it("rejects malformed JSON with 400 and a JSON error", async () => {
    const base = await start();
    const { status, json } = await send(base, '{"to": ');
    expect(status).toBe(400);
    expect(typeof json.error).toBe("string");
  });

  it("delays the answer by at least latencyMs", async () => {
    const base = await start({ switches: { latencyMs: 300 } });
    const started = performance.now();
    const { status } = await send(base, message);
    expect(status).toBe(202);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("answers a request still waiting out its latency with 503 when the app closes, without waiting", async () => {
    const app = buildMockProvider({ switches: { latencyMs: 60_000 } });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const pending = send(base, message);
    // Let the request reach its latency wait before closing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await app.close();
    expect((await pending).status).toBe(503);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe("failure switches", () => {
  it("failNext fails the next N requests with 500 (no failStatus), then accepts again", async () => {
    const base = await start({ switches: { failNext: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await send(base, message, { "idempotency-key": "retry-me" })).status);

    expect(statuses).toEqual([500, 500, 202]);
    const { counters } = await listReceived(base);
    expect(counters).toEqual(countersWith({ requests: 3, accepted: 1, rejected: 2 }));
    const control = (await (await fetch(`${base}/control`)).json()) as Switches;
    expect(control.failNext).toBe(0);
  });

  it("failNext answers failStatus when one is set, even with failRate 0", async () => {
    const base = await start({ switches: { failNext: 1, failStatus: 503, failRate: 0 } });
    expect((await send(base, message)).status).toBe(503);
    expect((await send(base, message)).status).toBe(202);
  });

  it("failRecipients fails only that recipient, every time", async () => {
    const base = await start({ switches: { failRecipients: { "+905550000000": 400 } } });
    const doomed = { to: "+905550000000", content: "never" };
    expect((await send(base, doomed)).status).toBe(400);
    expect((await send(base, doomed)).status).toBe(400);
    expect((await send(base, message)).status).toBe(202);
    const { received } = await listReceived(base);
    expect(received.map((r) => r.to)).toEqual([message.to]);
  });

  it("a 429 carries Retry-After with retryAfterSeconds", async () => {
    const base = await start({ switches: { failStatus: 429, failRate: 1, retryAfterSeconds: 7 } });
    const { status, headers, json } = await send(base, message);
    expect(status).toBe(429);
    expect(headers.get("retry-after")).toBe("7");
    expect(typeof json.error).toBe("string");
  });

  it("a non-429 failure carries no Retry-After", async () => {
    const base = await start({ switches: { failStatus: 503, failRate: 1 } });
    const { status, headers } = await send(base, message);
    expect(status).toBe(503);
    expect(headers.get("retry-after")).toBeNull();
  });

  it("failRate fails exactly the requests whose random draw falls below it", async () => {
    const draws = [0.1, 0.9, 0.49, 0.5];
    const base = await start({
      switches: { failStatus: 502, failRate: 0.5 },
      random: () => draws.shift() ?? 1,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(base, message)).status);
    expect(statuses).toEqual([502, 202, 502, 202]);
  });
});

describe("inspection and control", () => {
  it("GET /messages lists records in arrival order and DELETE /messages clears them", async () => {
    const base = await start();
    await send(base, { to: "+1", content: "first" }, { "idempotency-key": "a" });
    await send(base, { to: "+2", content: "second" }, { "idempotency-key": "b" });
    await send(base, { to: "+1", content: "first" }, { "idempotency-key": "a" });

    const { counters, received } = await listReceived(base);
    expect(counters).toEqual(countersWith({ requests: 3, accepted: 2, duplicates: 1 }));
    expect(received).toEqual([
      {
        idempotencyKey: "a",
        to: "+1",
        content: "first",
        messageId: expect.stringMatching(UUID),
        firstReceivedAt: expect.any(String),
        lastReceivedAt: expect.any(String),
        requests: 2,
        sends: 1,
      },
      expect.objectContaining({ idempotencyKey: "b", to: "+2", content: "second", requests: 1 }),
    ]);
    expect(Date.parse(received[0]!.lastReceivedAt)).toBeGreaterThanOrEqual(
      Date.parse(received[0]!.firstReceivedAt),
    );

    const cleared = await fetch(`${base}/messages`, { method: "DELETE" });
    expect(cleared.status).toBe(204);
    expect(await listReceived(base)).toEqual({
      counters: countersWith({}),
      received: [],
    });
  });

  it("with records: keys it counts duplicates exactly, answers a repeat the same messageId and lists no records", async () => {
    const base = await start({ records: "keys" });
    const first = await send(base, { to: "+1", content: "first" }, { "idempotency-key": "a" });
    const other = await send(base, { to: "+2", content: "second" }, { "idempotency-key": "b" });
    const repeat = await send(base, { to: "+1", content: "first" }, { "idempotency-key": "a" });

    expect([first.status, other.status, repeat.status]).toEqual([202, 202, 202]);
    expect(first.json.messageId).toMatch(UUID);
    expect(repeat.json.messageId).toBe(first.json.messageId);
    expect(other.json.messageId).not.toBe(first.json.messageId);
    expect(await listReceived(base)).toEqual({
      counters: countersWith({ requests: 3, accepted: 2, duplicates: 1 }),
      received: [],
    });

    await fetch(`${base}/messages`, { method: "DELETE" });
    await send(base, { to: "+1", content: "first" }, { "idempotency-key": "a" });
    expect((await listReceived(base)).counters).toEqual(countersWith({ requests: 1, accepted: 1 }));
  });

  it("PUT /control merges a partial body and GET /control returns the result", async () => {
    const base = await start({ switches: { latencyMs: 5 } });
    const { status, json } = await putControl(base, { failStatus: 429, failRate: 0.25 });
    expect(status).toBe(200);
    const expected: Switches = {
      latencyMs: 5,
      failStatus: 429,
      failRate: 0.25,
      retryAfterSeconds: 1,
      failNext: 0,
      failRecipients: {},
      retryAfter: null,
      acceptBody: null,
      errorBody: null,
      receiptDelayMs: 0,
      receiptFailRate: 0,
      receiptDuplicates: 0,
      receiptOutOfOrder: false,
      receiptBeforeAnswer: false,
      dropRate: 0,
      failAfterAcceptRate: 0,
    };
    expect(json).toEqual(expected);
    expect(await (await fetch(`${base}/control`)).json()).toEqual(expected);
  });

  it("dropRate takes a request, records it accepted, and closes the connection without an answer", async () => {
    const base = await start({ switches: { dropRate: 1 } });
    const sent = fetch(`${base}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "dropped-1" },
      body: JSON.stringify({ to: "+905551111111", content: "hi" }),
    });
    await expect(sent).rejects.toThrow();
    const list = (await (await fetch(`${base}/messages`)).json()) as {
      received: { idempotencyKey: string }[];
    };
    expect(list.received.map((r) => r.idempotencyKey)).toEqual(["dropped-1"]);
    const log = (await (await fetch(`${base}/requests`)).json()) as { answers: { status: number }[] };
    expect(log.answers.map((a) => a.status)).toEqual([0]);
  });

  it("failAfterAcceptRate takes a request, records it accepted, and answers 500", async () => {
    const base = await start({ switches: { failAfterAcceptRate: 1 } });
    const answer = await fetch(`${base}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "taken-1" },
      body: JSON.stringify({ to: "+905551111111", content: "hi" }),
    });
    expect(answer.status).toBe(500);
    const list = (await (await fetch(`${base}/messages`)).json()) as {
      received: { idempotencyKey: string; sends: number }[];
    };
    expect(list.received).toMatchObject([{ idempotencyKey: "taken-1", sends: 1 }]);
  });

  it("hostile switches: a verbatim Retry-After on 429 and 503, raw accept and error bodies", async () => {
    const base = await start({
      switches: {
        failNext: 2,
        failStatus: 503,
        retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT",
        errorBody: "oops\u0000",
      },
    });
    const post = () =>
      fetch(`${base}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "k" },
        body: JSON.stringify({ to: "+1", content: "x" }),
      });
    const failed = await post();
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(await failed.text()).toBe("oops\u0000");
    await putControl(base, { failStatus: 429, retryAfter: "soon" });
    expect((await post()).headers.get("retry-after")).toBe("soon");
    await putControl(base, { acceptBody: '{"messageId":"\\u0000"}' });
    const accepted = await post();
    expect(accepted.status).toBe(202);
    expect(((await accepted.json()) as { messageId: string }).messageId).toBe("\u0000");
    expect((await listReceived(base)).counters.accepted).toBe(1);
  });

  it.each([
    ["a negative latencyMs", { latencyMs: -1 }, "latencyMs"],
    ["a failRate above 1", { failRate: 1.5 }, "failRate"],
    ["a 2xx failStatus", { failStatus: 200 }, "failStatus"],
    ["a fractional failNext", { failNext: 1.5 }, "failNext"],
    ["a string latencyMs (not coerced)", { latencyMs: "100" }, "latencyMs"],
    ["a failRecipients status below 400", { failRecipients: { "+1": 302 } }, "failRecipients"],
    ["an unknown key", { failAll: true }, "failAll"],
  ])("PUT /control rejects %s with 400 naming it and changes nothing", async (_name, body, field) => {
    const base = await start();
    const before = await (await fetch(`${base}/control`)).json();
    const { status, json } = await putControl(base, body);
    expect(status).toBe(400);
    expect(json.error).toContain(field);
    expect(await (await fetch(`${base}/control`)).json()).toEqual(before);
  });

  it("GET /health answers up", async () => {
    const base = await start();
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "up" });
  });
});

describe("answer log", () => {
  it("GET /requests lists every answer with its time, key and status, oldest first", async () => {
    const app = buildMockProvider({ switches: { failNext: 1, failStatus: 429 } });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const post = () =>
        fetch(`${base}/messages`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "k-1" },
          body: JSON.stringify({ to: "+905551111111", content: "x" }),
        });
      const before = Date.now();
      await post();
      await post();
      const { answers } = (await (await fetch(`${base}/requests`)).json()) as {
        answers: Array<{ at: number; idempotencyKey: string | null; status: number }>;
      };
      expect(answers.map((a) => [a.idempotencyKey, a.status])).toEqual([
        ["k-1", 429],
        ["k-1", 202],
      ]);
      expect(answers[0]!.at).toBeGreaterThanOrEqual(before);
      await fetch(`${base}/messages`, { method: "DELETE" });
      expect(((await (await fetch(`${base}/requests`)).json()) as { answers: unknown[] }).answers).toEqual(
        [],
      );
    } finally {
      await app.close();
    }
  });

  it("each answer records when its request arrived: before the answer by the latency wait", async () => {
    const base = await start({ switches: { latencyMs: 300 } });
    const before = Date.now();
    await send(base, message, { "idempotency-key": "slow-1" });
    const after = Date.now();
    const { answers } = (await (await fetch(`${base}/requests`)).json()) as {
      answers: Array<{ at: number; receivedAt: number; idempotencyKey: string | null }>;
    };
    const [answer] = answers;
    expect(answer?.idempotencyKey).toBe("slow-1");
    expect(answer!.receivedAt).toBeGreaterThanOrEqual(before);
    // 1 ms of slack: both times are whole milliseconds.
    expect(answer!.at - answer!.receivedAt).toBeGreaterThanOrEqual(299);
    expect(answer!.at).toBeLessThanOrEqual(after);
  });
});
