import { rawHttp } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEYS } from "./api-harness.js";

// Every family of error answer, over a real socket: an RFC 9457 problem as
// application/problem+json, with the members /api/v1 clients read as well.

const RECEIPT_SECRET = "receipt-secret-for-problems";
const READ_KEY = "read-only-problems-key";
let h: ApiHarness;
let base: string;

beforeAll(async () => {
  h = await startApi({
    settings: {
      bodyLimitBytes: 2_048,
      apiKeys: [...TEST_KEYS, { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" }],
      receipts: { secrets: [RECEIPT_SECRET], toleranceSeconds: 300 },
    },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});

/** Asserts `answer` is a problem of `status` and `type` for `instance`; returns its body. */
function expectProblem(
  answer: { status: number; headers: Headers | Record<string, string>; body: unknown },
  expected: { status: number; type: string; instance: string },
): Record<string, unknown> {
  const header = (name: string) =>
    answer.headers instanceof Headers ? answer.headers.get(name) : answer.headers[name];
  const body = (typeof answer.body === "string" ? JSON.parse(answer.body) : answer.body) as Record<
    string,
    unknown
  >;
  expect(answer.status).toBe(expected.status);
  expect(header("content-type")).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({
    type: expected.type,
    status: expected.status,
    instance: expected.instance,
    statusCode: expected.status,
    requestId: header("x-request-id"),
  });
  expect(typeof body.title).toBe("string");
  expect(body.detail).toBe(body.message);
  expect(body.error).toBeDefined();
  return body;
}

describe("error answers are RFC 9457 problems", () => {
  it("a missing key: 401, about:blank, the challenge kept", async () => {
    const answer = await callOverSocket(base, "GET", "/api/v1/dispatcher?x=1", undefined, { key: null });
    const body = expectProblem(answer, { status: 401, type: "about:blank", instance: "/api/v1/dispatcher" });
    expect(body.title).toBe("Unauthorized");
    expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("a wrong key: 401 on the API, and on the dashboard with a Basic challenge", async () => {
    const api = await callOverSocket(base, "GET", "/api/v1/messages", undefined, { key: "not-a-key" });
    expectProblem(api, { status: 401, type: "about:blank", instance: "/api/v1/messages" });
    const board = await callOverSocket(base, "GET", "/admin/queues/api/queues", undefined, {
      key: "not-a-key",
    });
    expectProblem(board, { status: 401, type: "about:blank", instance: "/admin/queues/api/queues" });
    expect(board.headers.get("www-authenticate")).toMatch(/^Basic/);
  });

  it("a read key on a route that changes something: 403", async () => {
    const answer = await callOverSocket(base, "POST", "/api/v1/dispatcher/stop", undefined, {
      key: READ_KEY,
    });
    const body = expectProblem(answer, {
      status: 403,
      type: "about:blank",
      instance: "/api/v1/dispatcher/stop",
    });
    expect(body).toMatchObject({ title: "Forbidden", error: "Forbidden" });
  });

  it("invalid input: 400 invalid-input naming the field, and nothing stored", async () => {
    const answer = await callOverSocket(base, "POST", "/api/v1/messages", { to: "nope", content: "hi" });
    const body = expectProblem(answer, {
      status: 400,
      type: "tag:message-dispatcher,2026:problem/invalid-input",
      instance: "/api/v1/messages",
    });
    expect(body).toMatchObject({ title: "The request's input is invalid", field: "to" });
    expect(body.error).toBe("Bad Request");
    expect((body.errors as { field: string }[])[0]!.field).toBe("to");
    const listed = await callOverSocket<{ items: unknown[] }>(base, "GET", "/api/v1/messages");
    expect(listed.body.items).toEqual([]);
  });

  it("a malformed JSON body: 400", async () => {
    const answer = await rawHttp(base, {
      method: "POST",
      target: "/api/v1/messages",
      headers: { authorization: "Bearer ops-test-key", "content-type": "application/json" },
      body: '{"to": "+905551111111", "content": ',
    });
    expectProblem(answer, { status: 400, type: "about:blank", instance: "/api/v1/messages" });
  });

  it("a body over the limit: 413", async () => {
    const answer = await callOverSocket(base, "POST", "/api/v1/messages", {
      to: "+905551111111",
      content: "x".repeat(4_096),
    });
    const body = expectProblem(answer, { status: 413, type: "about:blank", instance: "/api/v1/messages" });
    expect(body.title).toBe("Payload Too Large");
  });

  it("a body that is not JSON: 415", async () => {
    const answer = await rawHttp(base, {
      method: "POST",
      target: "/api/v1/messages",
      headers: { authorization: "Bearer ops-test-key", "content-type": "text/plain" },
      body: "hello",
    });
    expectProblem(answer, { status: 415, type: "about:blank", instance: "/api/v1/messages" });
  });

  it("a hostile path: 404 whose instance and detail hold no number, query or markup unescaped", async () => {
    const answer = await rawHttp(base, {
      method: "GET",
      target: "/api/v1/opt-outs/+905551234567/%3Cscript%3E?to=%2B905551234567",
      headers: { authorization: "Bearer ops-test-key" },
    });
    const body = expectProblem(answer, {
      status: 404,
      type: "about:blank",
      instance: "/api/v1/opt-outs/+90555***4567/%3Cscript%3E",
    });
    expect(answer.body).not.toContain("905551234567");
    expect(answer.body).not.toContain("<script>");
    expect(body.detail).toBe("Route GET /api/v1/opt-outs/+90555***4567/%3Cscript%3E not found");
  });

  it("a malformed percent-encoding the router refuses: 400", async () => {
    const answer = await rawHttp(base, {
      method: "GET",
      target: "/api/v1/messages/%E0%A4%A",
      headers: { authorization: "Bearer ops-test-key" },
    });
    expectProblem(answer, { status: 400, type: "about:blank", instance: "/api/v1/messages/%E0%A4%A" });
  });

  it("a path parameter over the router's length limit: 414", async () => {
    const long = "9".repeat(300);
    const answer = await callOverSocket(base, "GET", `/api/v1/messages/${long}`);
    const body = expectProblem(answer, {
      status: 414,
      type: "about:blank",
      instance: `/api/v1/messages/${long}`,
    });
    expect(body.title).toBe("URI Too Long");
  });

  it("a handler's refusal: 404 for a message that does not exist", async () => {
    const answer = await callOverSocket(base, "GET", "/api/v1/messages/999999");
    expectProblem(answer, { status: 404, type: "about:blank", instance: "/api/v1/messages/999999" });
  });

  it("a provider callback with a bad signature: 401", async () => {
    const answer = await rawHttp(base, {
      method: "POST",
      target: "/provider/receipts",
      headers: { "content-type": "application/json", "x-signature": "t=1,v1=00" },
      body: "{}",
    });
    expectProblem(answer, { status: 401, type: "about:blank", instance: "/provider/receipts" });
  });

  it("Bull Board's own error: a problem that keeps Bull Board's error key", async () => {
    const answer = await callOverSocket(base, "GET", "/admin/queues/api/queues/no-such-queue/no-such-job");
    const body = expectProblem(answer, {
      status: 404,
      type: "about:blank",
      instance: "/admin/queues/api/queues/no-such-queue/no-such-job",
    });
    expect(body.error).toEqual({ key: "ERRORS.QUEUE_NOT_FOUND" });
  });
});

describe("the API key's rate limit", () => {
  let limited: ApiHarness;
  let limitedBase: string;
  beforeAll(async () => {
    limited = await startApi({ settings: { rateLimit: { max: 3, windowMs: 60_000 } } });
    limitedBase = await limited.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it("every answer of a limited route carries RateLimit headers, remaining going down to a 429 problem", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await callOverSocket(limitedBase, "GET", "/api/v1/dispatcher"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get("ratelimit-limit"))).toEqual(["3", "3", "3", "3"]);
    expect(answers.map((a) => a.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    for (const a of answers) expect(Number(a.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    const refused = answers[3]!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = expectProblem(refused, {
      status: 429,
      type: "tag:message-dispatcher,2026:problem/rate-limited",
      instance: "/api/v1/dispatcher",
    });
    expect(body).toMatchObject({ code: "rate_limited", error: "Too Many Requests" });
  });

  it("a route without a limit (health) carries none of them", async () => {
    const answer = await callOverSocket(limitedBase, "GET", "/health", undefined, { key: null });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("ratelimit-limit")).toBeNull();
    expect(answer.headers.get("ratelimit-remaining")).toBeNull();
    expect(answer.headers.get("retry-after")).toBeNull();
  });
});
