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
});
