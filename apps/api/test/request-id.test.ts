import { PassThrough } from "node:stream";
import { createLogger } from "@dispatcher/runtime";
import { rawHttp } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppSettings } from "../src/app-deps.js";
import { callOverSocket, startApi } from "./api-harness.js";

// X-Request-Id over a real socket: kept when sane, made up otherwise, echoed on every answer, in
// every error body and on every log line of its request; TRUST_PROXY decides the logged address.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An API whose log lines are kept, parsed. */
async function apiWithLogs(settings: Partial<AppSettings> = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  const logger = createLogger({ name: "api-test", level: "info", pretty: false, destination: stream });
  const h = await startApi({ logger, settings });
  const base = await h.app.listen({ port: 0, host: "127.0.0.1" });
  return { h, base, lines };
}

let api: Awaited<ReturnType<typeof apiWithLogs>>;
let proxied: Awaited<ReturnType<typeof apiWithLogs>>;
beforeAll(async () => {
  api = await apiWithLogs();
  proxied = await apiWithLogs({ trustProxy: ["127.0.0.1"] });
});
afterAll(async () => {
  await api?.h.close();
  await proxied?.h.close();
});

const get = (base: string, path: string, headers: Record<string, string> = {}, key?: string | null) =>
  callOverSocket(base, "GET", path, undefined, { headers, key });

describe("X-Request-Id", () => {
  it("a sane id is kept and echoed, on success and on every kind of error, and error bodies carry it", async () => {
    const id = "req-2026.11.29:abc/DEF+1=";
    for (const [path, key, status] of [
      ["/health", undefined, 200],
      ["/api/v1/dispatcher", null, 401],
      ["/api/v1/no-such-route", undefined, 404],
      ["/api/v1/messages/not-a-number", undefined, 400],
    ] as const) {
      const res = await get(api.base, path, { "x-request-id": id }, key);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("x-request-id"), path).toBe(id);
      if (status >= 400) expect((res.body as { requestId: string }).requestId, path).toBe(id);
    }
  });

  it("without one, or with one that is too long or holds other characters, a new UUID is used", async () => {
    const hostile = ["x".repeat(129), "has space", 'quote"d', "semi;colon", "ünicode", "<script>"];
    const seen = new Set<string>();
    for (const given of [undefined, ...hostile]) {
      const res = await get(
        api.base,
        "/api/v1/nothing-here",
        given === undefined ? {} : { "x-request-id": given },
      );
      const id = res.headers.get("x-request-id")!;
      expect(id, String(given)).toMatch(UUID);
      expect((res.body as { requestId: string }).requestId).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(hostile.length + 1);
  });

  it.each([
    ["a path parameter over the router's limit", `/api/v1/messages/${"9".repeat(5_000)}`, 414],
    ["a malformed percent-encoding", "/api/v1/messages/%E0%A4%A", 400],
  ])(
    "the router's own refusal of %s carries the id, in the header and the body",
    async (_kind, target, status) => {
      for (const given of ["router-refusal-1", undefined]) {
        const res = await rawHttp(api.base, {
          method: "GET",
          target,
          headers: given === undefined ? {} : { "x-request-id": given },
        });
        expect(res.status).toBe(status);
        const id = res.headers["x-request-id"];
        if (given === undefined) expect(id).toMatch(UUID);
        else expect(id).toBe(given);
        expect(JSON.parse(res.body)).toMatchObject({ statusCode: status, requestId: id });
      }
    },
  );

  it("every log line of a request carries its id", async () => {
    const id = `log-check-${Date.now()}`;
    await get(api.base, "/api/v1/dispatcher", { "x-request-id": id }, "wrong-key");
    const mine = api.lines.filter((l) => l.requestId === id);
    const messages = mine.map((l) => l.msg);
    expect(messages).toEqual(
      expect.arrayContaining(["incoming request", "unauthorized request", "request completed"]),
    );
    // Times are ISO-8601, and the key presented is nowhere in the lines.
    expect(String(mine[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.stringify(api.lines)).not.toContain("wrong-key");
  });
});

describe("TRUST_PROXY", () => {
  const remoteOf = (lines: Record<string, unknown>[], id: string) => {
    const line = lines.find((l) => l.requestId === id && l.msg === "incoming request");
    return (line?.req as { remoteAddress?: string } | undefined)?.remoteAddress;
  };

  it("off (the default): X-Forwarded-For is ignored, the socket's address is logged", async () => {
    await get(api.base, "/health", { "x-request-id": "tp-off", "x-forwarded-for": "203.0.113.9" });
    expect(remoteOf(api.lines, "tp-off")).toBe("127.0.0.1");
  });

  it("a trusted proxy's X-Forwarded-For gives the client's address", async () => {
    await get(proxied.base, "/health", { "x-request-id": "tp-on", "x-forwarded-for": "203.0.113.9" });
    expect(remoteOf(proxied.lines, "tp-on")).toBe("203.0.113.9");
  });
});
