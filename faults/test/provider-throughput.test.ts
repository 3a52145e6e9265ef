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

/** Every message takes two segments: 200 GSM-7 characters. */
const SEGMENTS = 2;
/** The window the rates are measured over, after the first second of sending. */
const WINDOW_MS = 60_000;

/** Segments a second `provider` accepted between `from` and `from + WINDOW_MS` (epoch ms). */
async function rate(provider: DialectProvider, from: number): Promise<number> {
  const accepted = (await provider.client.answers()).filter(
    (a) => a.status >= 200 && a.status < 300 && a.at >= from && a.at < from + WINDOW_MS,
  );
  return (accepted.length * SEGMENTS) / (WINDOW_MS / 1_000);
}

describe("throughput per provider, shared by every worker", () => {
  it("3 workers, a Twilio provider limited to 20 segments/s and an AWS one to 5: each sends within 5% of its limit over a minute, and neither starves", async () => {
    // Weighted by their limits, so both stay busy for the whole minute: about 100 s of work each.
    // Twilio carries each message's reference in its StatusCallback URL: the audit matches by it.
    const apiPort = await freePort();
    providers = [
      await startDialectProvider("twilio", "tw", {
        weight: 4,
        maxPerSecond: 20,
        statusCallbackUrl: `http://127.0.0.1:${apiPort}/provider/tw/receipts`,
      }),
      await startDialectProvider("aws-sms", "aws", { weight: 1, maxPerSecond: 5 }),
    ];
    const stack = await startStack({
      workers: 3,
      apis: 1,
      intervalMs: 1_000,
      batchSize: 2_000,
      firstApiPort: apiPort,
      workerEnv: providersEnv(providers),
      // Long enough for two segments.
      apiEnv: { ...providersEnv(providers), MESSAGE_MAX_LENGTH: "320" },
    });
    const started = Date.now();
    await sql`insert into messages (recipient, content, encoding, segments)
              select '+90555' || (1000000 + g)::text, rpad('throughput ' || g::text, 200, '.'), 'GSM-7', ${SEGMENTS}
              from generate_series(1, 1250) g`.execute(stack.db);
    // From the first second of sending on (the claim and the first bursts).
    const tw = providers[0]!;
    const aws = providers[1]!;
    await new Promise((r) => setTimeout(r, 4_000));
    const from = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS + 1_000));
    const rates = { tw: await rate(tw, from), aws: await rate(aws, from) };
    const result = await finishScenario(
      stack,
      "26. throughput per provider (20 and 5 segments/s, 3 workers)",
      started,
      {
        providers: { tw: tw.client, aws: aws.client },
        drainTimeoutMs: 120_000,
        figure: () =>
          `over ${WINDOW_MS / 1_000} s: tw ${rates.tw.toFixed(2)} segments/s (limit 20), aws ${rates.aws.toFixed(2)} (limit 5)`,
      },
    );
    expect(result.sent).toBe(1_250);
    expect(rates.tw).toBeGreaterThanOrEqual(20 * 0.95);
    expect(rates.tw).toBeLessThanOrEqual(20 * 1.05);
    expect(rates.aws).toBeGreaterThanOrEqual(5 * 0.95);
    expect(rates.aws).toBeLessThanOrEqual(5 * 1.05);
  });
});
