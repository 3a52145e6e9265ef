import { eventually } from "@dispatcher/testing";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type FaultStack, startFaultStack } from "../src/fault-stack.js";
import { type PrivatePostgres, startPrivatePostgres } from "../src/private-postgres.js";
import { finishScenario } from "../src/run-scenario.js";

// Hookdeck Outpost #276: the provider accepted, then the write that records it failed, and the
// item was sent again and again.

let stack: FaultStack | undefined;
let pg: PrivatePostgres | undefined;
afterAll(async () => {
  await stack?.stop();
  await pg?.stop();
});

describe("the `sent` write fails after the provider accepted", () => {
  it("Postgres down between the provider's 2xx and the write: resends carry the same key, each row ends sent with the first provider id", async () => {
    pg = await startPrivatePostgres();
    stack = await startFaultStack({
      postgresUrl: pg.url,
      redisUrl: inject("redisUrl"),
      workers: 2,
      apis: 1,
      batchSize: 50,
      workerEnv: { FAULT_DELAY_BEFORE_SENT_WRITE_MS: "2000" },
    });
    const started = Date.now();
    await stack.insert(200);
    // Wait until the provider has accepted messages that Postgres has not recorded yet.
    await eventually(
      async () => expect((await stack!.received()).counters.accepted).toBeGreaterThan(20),
      30_000,
      50,
    );
    await pg.restart(3_000);
    const result = await finishScenario(
      stack,
      "23. the sent write fails after a 2xx (Hookdeck Outpost #276)",
      started,
      {
        figure: async () => {
          const { counters } = await stack!.received();
          return `${counters.duplicates} repeat requests, all with the accepted key; every stored id is the provider's first`;
        },
      },
    );
    // The audit checks that each row stores the id the provider gave its key first.
    expect(result.repeatRequests).toBeGreaterThan(0);
  });
});
