import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { lines, logger: createLogger({ name: "t", level: "info", pretty: false, destination: stream }) };
}

describe("createLogger", () => {
  it("writes ISO-8601 times and redacts credentials in headers wherever they are logged", async () => {
    const { lines, logger } = captured();
    logger.info(
      {
        req: {
          headers: { authorization: "Bearer secret-1", "x-api-key": "secret-2", "x-signature": "t=1,v1=ab" },
        },
        callback: { headers: { authorization: "Bearer secret-3" } },
      },
      "hello",
    );
    await new Promise((r) => setImmediate(r));
    expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const text = JSON.stringify(lines);
    for (const secret of ["secret-1", "secret-2", "secret-3", "v1=ab"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });

  it("writes no number or row value from a request's URL or an error, at any level", async () => {
    const { lines, logger } = captured();
    logger.level = "trace";
    const constraint = Object.assign(new Error('new row for relation "messages" violates check constraint'), {
      code: "23514",
      detail: "Failing row contains (7, +905551234567, Your code is 4321, pending).",
    });
    logger.trace(
      { req: { method: "PUT", url: "/api/v1/opt-outs/%2B905551234567?to=+905551234567" } },
      "incoming",
    );
    logger.debug({ err: constraint }, "insert failed");
    logger.error({ err: new Error("no such number 905551234567", { cause: constraint }) }, "failed");
    logger.warn({ err: "Redis said +905551234567" }, "as a string");
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(4);
    const text = JSON.stringify(lines);
    expect(text).not.toContain("5551234567");
    expect(text).not.toContain("Your code is 4321");
    expect(lines[0]!.req).toMatchObject({
      method: "PUT",
      url: "/api/v1/opt-outs/%2B90555***4567?to=+90555***4567",
    });
    expect(lines[1]!.err).toMatchObject({
      code: "23514",
      message: expect.stringContaining("check constraint"),
    });
  });
});
