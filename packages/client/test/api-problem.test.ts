import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readApiProblem } from "../src/api-problem.js";
import { runCli } from "../src/cli.js";
import { createDispatcherClient } from "../src/index.js";

// Error answers of both shapes the API gives (v1's body, and RFC 9457 problem details), served by
// a real HTTP server on an ephemeral port: the path picks the answer.

const PROBLEM = {
  type: "https://dispatcher.example/problems/validation",
  title: "Bad Request",
  status: 400,
  detail: "to must be an E.164 phone number such as +905551111111",
  instance: "/api/v1/messages/7",
  requestId: "req-problem-1",
  field: "to",
  errors: [{ field: "to", message: "must be an E.164 phone number such as +905551111111" }],
  // The v1 members stay beside them during v1.
  statusCode: 400,
  error: "Bad Request",
  message: "the v1 message, not shown when detail is there",
};

const V1 = {
  statusCode: 403,
  error: "Forbidden",
  message: "to is in a blocked country (TR)",
  requestId: "req-v1-1",
  code: "country_blocked",
  rule: "country TR is blocked",
};

const ANSWERS: Record<
  string,
  { status: number; type: string; body: string; headers?: Record<string, string> }
> = {
  "/api/v1/messages/1": { status: 400, type: "application/problem+json", body: JSON.stringify(PROBLEM) },
  "/api/v1/messages/2": { status: 403, type: "application/json; charset=utf-8", body: JSON.stringify(V1) },
  "/api/v1/messages/3": {
    status: 502,
    type: "text/html",
    body: "<html>Bad gateway</html>",
    headers: { "x-request-id": "req-proxy-1" },
  },
  "/api/v1/messages/4": { status: 503, type: "application/problem+json", body: "" },
  "/api/v1/messages/5": { status: 200, type: "application/problem+json", body: '{"id":5}' },
};

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    // No answer at all: what a hung API looks like to the client.
    if (request.url === "/api/v1/dispatcher") return;
    const answer = ANSWERS[request.url ?? ""] ?? { status: 404, type: "text/plain", body: "no such answer" };
    response.writeHead(answer.status, { "content-type": answer.type, ...answer.headers }).end(answer.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const fetchMessage = (id: string) =>
  createDispatcherClient({ baseUrl }).GET("/api/v1/messages/{id}", { params: { path: { id } } });

describe("readApiProblem", () => {
  it("reads problem details: detail over message, with field, errors, type, instance and request id", async () => {
    const { error, response } = await fetchMessage("1");
    expect(readApiProblem(error, response)).toEqual({
      status: 400,
      title: "Bad Request",
      detail: PROBLEM.detail,
      type: PROBLEM.type,
      instance: PROBLEM.instance,
      requestId: "req-problem-1",
      field: "to",
      errors: PROBLEM.errors,
    });
  });

  it("reads the v1 body (application/json): message, code, rule and request id", async () => {
    const { error, response } = await fetchMessage("2");
    expect(readApiProblem(error, response)).toEqual({
      status: 403,
      title: "Forbidden",
      detail: V1.message,
      requestId: "req-v1-1",
      code: "country_blocked",
      rule: "country TR is blocked",
    });
  });

  it("reads a body that is not JSON as its text, and the request id from the header", async () => {
    const { error, response } = await fetchMessage("3");
    expect(readApiProblem(error, response)).toEqual({
      status: 502,
      title: "Bad Gateway",
      detail: "<html>Bad gateway</html>",
      requestId: "req-proxy-1",
    });
  });

  it("reads an empty body from the status alone", async () => {
    const { error, response } = await fetchMessage("4");
    expect(readApiProblem(error, response)).toEqual({
      status: 503,
      title: "Service Unavailable",
      detail: "Service Unavailable",
    });
  });

  it("takes a 2xx answer as data whatever its JSON content type", async () => {
    const { data } = await fetchMessage("5");
    expect(data).toEqual({ id: 5 });
  });
});

describe("the CLI's refusals", () => {
  const cli = (...argv: string[]) => runCli(argv, { DISPATCHER_URL: baseUrl });

  it("prints problem details' detail, field errors and request id, and exits 1", async () => {
    const result = await cli("get", "1");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "400: to must be an E.164 phone number such as +905551111111\n" +
        "  field to: must be an E.164 phone number such as +905551111111\n" +
        "  request id req-problem-1\n",
    );
    expect(JSON.parse(result.stdout)).toEqual(PROBLEM);
  });

  it("prints the v1 body's message, code and rule, and exits 1", async () => {
    const result = await cli("get", "2");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "403: to is in a blocked country (TR)\n  code country_blocked (country TR is blocked)\n  request id req-v1-1\n",
    );
  });

  it("prints a proxy's text answer and exits 1", async () => {
    const result = await cli("get", "3");
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe("502: <html>Bad gateway</html>\n  request id req-proxy-1\n");
  });

  it("gives up on an API that does not answer after --timeout and exits 4", async () => {
    const result = await cli("status", "--timeout", "0.2");
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`the API at ${baseUrl} did not answer within 0.2 s (--timeout)\n`);
  });

  it("takes the timeout from DISPATCHER_TIMEOUT, and refuses one that is not a positive number", async () => {
    const fromEnv = await runCli(["status"], { DISPATCHER_URL: baseUrl, DISPATCHER_TIMEOUT: "0.2" });
    expect(fromEnv.code).toBe(4);
    for (const bad of ["0", "-1", "soon", "1e3"]) {
      const result = await cli("status", `--timeout=${bad}`);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("--timeout must be a number of seconds above 0");
    }
  });
});
