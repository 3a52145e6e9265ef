import { freePort } from "@dispatcher/testing";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type DialectProvider, providersEnv, startDialectProvider } from "../src/dialect-providers.js";
import { finishScenario } from "../src/run-scenario.js";
import { useFaultStack } from "../src/use-fault-stack.js";

let providers: DialectProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.map((p) => p.mock.app.stop("SIGKILL")));
  providers = [];
});
const startStack = useFaultStack();

/** What each provider does to the requests it takes: the failures real providers have. */
const HOSTILE = { failStatus: 503, failRate: 0.05, failAfterAcceptRate: 0.1, dropRate: 0.05 };

describe("real provider APIs, through their adapters, with their failures", () => {
  it("Twilio and AWS dialects, each answering 500 after accepting and dropping connections, a worker killed mid-run: no SMS twice, no key at both; unclear AWS answers end unconfirmed, Twilio's are found again; Twilio receipts arrive signed", async () => {
    const apiPort = await freePort();
    providers = [
      await startDialectProvider("twilio", "tw", {
        statusCallbackUrl: `http://127.0.0.1:${apiPort}/provider/tw/receipts`,
      }),
      await startDialectProvider("aws-sms", "aws"),
    ];
    const [tw, aws] = providers as [DialectProvider, DialectProvider];
    for (const p of providers) await p.client.setSwitches(HOSTILE);
    const stack = await startStack({
      workers: 2,
      apis: 1,
      intervalMs: 1_000,
      batchSize: 40,
      firstApiPort: apiPort,
      workerEnv: providersEnv(providers),
      apiEnv: providersEnv(providers),
    });
    const started = Date.now();
    await stack.insert(400);
    await new Promise((r) => setTimeout(r, 4_000));
    await stack.restartWorker(0, "SIGKILL");
    const result = await finishScenario(
      stack,
      "27. Twilio and AWS dialects: 500 after accepting, drops, a crash",
      started,
      {
        providers: { tw: tw.client, aws: aws.client },
        allowUnconfirmed: true,
        figure: async () => {
          const rows = await sql<{ provider: string; status: string; n: string }>`
          select provider, status, count(*) as n from messages group by provider, status order by 1, 2`.execute(
            stack.db,
          );
          return rows.rows.map((r) => `${r.provider} ${r.status} ${r.n}`).join(", ");
        },
      },
    );
    const unconfirmedAt = await sql<{ provider: string | null }>`
      select distinct provider from messages where status = 'unconfirmed'`.execute(stack.db);
    // Twilio lets a message be found again: none of its messages is left uncertain.
    expect(unconfirmedAt.rows.map((r) => r.provider)).not.toContain("tw");
    // The unclear answers really happened at AWS: some of its messages are held, not sent twice.
    expect(result.unconfirmed).toBeGreaterThan(0);
    expect((await aws.client.received()).counters.doubleSends).toBe(0);
    expect((await tw.client.received()).counters.doubleSends).toBe(0);
    // Twilio's signed StatusCallbacks set the delivery status of its sent messages.
    const undelivered = await sql<{ n: string }>`
      select count(*) as n from messages
       where provider = 'tw' and status = 'sent' and delivery_status is distinct from 'delivered'`;
    await expect
      .poll(async () => Number((await undelivered.execute(stack.db)).rows[0]!.n), { timeout: 30_000 })
      .toBe(0);
  });
});
