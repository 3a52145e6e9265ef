import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

const startStack = useFaultStack();

describe("bad data", () => {
  it("rows inserted by hand that break the app's rules fail with a clear last_error and never block the queue", async () => {
    const stack = await startStack({ workers: 1, apis: 1, intervalMs: 1_000, batchSize: 50 });
    const started = Date.now();
    // Oldest first: the bad rows sit at the head of the queue.
    await sql`insert into messages (recipient, content) values
      ('+9055511', 'a number no country assigns'),
      ('+10000000000', 'not a valid North American number'),
      ('+905559999999', ${"x".repeat(500)})`.execute(stack.db);
    await stack.insert(200);
    const bad = new Set(["+9055511", "+10000000000", "+905559999999"]);
    const result = await finishScenario(stack, "8. bad rows inserted by hand", started, {
      expectedFailed: (to) => bad.has(to),
    });
    expect(result.failed).toBe(3);
    const failed = await stack.db
      .selectFrom("messages")
      .select(["recipient", "lastError"])
      .where("status", "=", "failed")
      .orderBy("id")
      .execute();
    expect(failed.map((f) => f.lastError)).toEqual([
      expect.stringMatching(/^invalid message: to is not a valid phone number/),
      expect.stringMatching(/^invalid message: to is not a valid phone number/),
      expect.stringMatching(/^invalid message: content must be at most 160 characters/),
    ]);
    // The provider never saw them.
    const seen = (await stack.received()).received.map((r) => r.to);
    expect(seen.filter((to) => bad.has(to))).toEqual([]);
  });
});
