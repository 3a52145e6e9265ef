import { eventually, type OtlpReceiver, startOtlpReceiver } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultStack } from "../src/fault-stack.js";
import { countMessages, useFaultStack } from "../src/use-fault-stack.js";

// Privacy of numbers and content, end to end: the API and the workers run as processes logging at
// trace level (the most they can write) and exporting every span to a receiver in this test. A
// realistic mix goes through them: single and bulk intake, a search by number, a suppressed
// number, intake refusals (a bad number, a bad body), a provider that refuses a number and echoes
// the request in its error, a 503 that is retried, delivery receipts, a cancel by number and a
// worker killed mid-send. Afterwards no full number and no content sent in any of it may appear in
// any process's output or in any exported span; a masked number (+90555***4567) may.

let receiver: OtlpReceiver;
let stack: FaultStack;
/** Output of the processes a scenario replaced (a killed worker). */
const retired: string[] = [];
/** Every number and content the scenario sent. */
const numbers = new Set<string>();
const contents = new Set<string>();

afterAll(async () => {
  await receiver?.close();
});
const startStack = useFaultStack({ shared: true });

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const env = {
    LOG_LEVEL: "trace",
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
  stack = await startStack({
    workers: 1,
    apis: 1,
    intervalMs: 1_000,
    batchSize: 20,
    receiptSecret: "privacy-receipt-secret-0123456789abcdef",
    apiEnv: env,
    workerEnv: env,
  });
}, 120_000);

/** A number of this run (+90555 and 7 digits from `n`), remembered for the scan. */
function number(n: number): string {
  const to = `+90555${String(7_300_000 + n)}`;
  numbers.add(to);
  return to;
}

/** A content of this run, remembered for the scan. */
function content(what: string): string {
  const text = `privacy canary ${what} ${Math.random().toString(36).slice(2, 10)}`;
  contents.add(text);
  return text;
}

describe("no number or content in logs or spans", () => {
  it("a mix of intake, failures, retries, receipts, refusals and a crash leaves none behind", async () => {
    // A number the provider refuses, answering with the request echoed back.
    const refused = number(1);
    const refusedContent = content("refused");
    await stack.setSwitches({
      failRecipients: { [refused]: 400 },
      errorBody: JSON.stringify({
        error: `invalid destination ${refused}`,
        request: { content: refusedContent },
      }),
    });
    const single = await stack.api("POST", "/api/v1/messages", { to: refused, content: refusedContent });
    expect(single.status).toBe(201);
    // The mock answers every failure with that body: it echoes this message only.
    await eventually(async () => expect(await countMessages(stack, "failed")).toBe(1), 30_000, 100);
    await stack.setSwitches({ errorBody: null });
    // Stored (and kept after erasure) without the number or the content it echoed.
    expect((await stack.api("GET", `/api/v1/messages/${single.body.id}`)).body.lastError).toBe(
      'provider answered 400: {"error":"invalid destination +90555***0001","request":{"content":"[content]"}}',
    );

    // One whose first attempt gets a 503 and is retried.
    await stack.setSwitches({ failNext: 1, failStatus: 503 });
    expect(
      (await stack.api("POST", "/api/v1/messages", { to: number(2), content: content("retried") })).status,
    ).toBe(201);
    const bulk = await stack.api("POST", "/api/v1/messages/bulk", {
      messages: [3, 4, 5, 6].map((n) => ({
        to: number(n),
        content: content(`bulk ${n}`),
        priority: n % 2 === 0 ? "transactional" : "bulk",
      })),
    });
    expect(bulk.status).toBe(201);

    // Refusals at intake: a suppressed number, a number that is not one, a body that is not JSON.
    const suppressed = number(7);
    expect(
      (await stack.api("PUT", `/api/v1/opt-outs/${encodeURIComponent(suppressed)}`, { reason: "asked" }))
        .status,
    ).toBe(201);
    expect(
      (await stack.api("POST", "/api/v1/messages", { to: suppressed, content: content("suppressed") }))
        .status,
    ).toBeGreaterThanOrEqual(400);
    const notANumber = "+9055573000081234";
    numbers.add(notANumber);
    expect(
      (await stack.api("POST", "/api/v1/messages", { to: notANumber, content: content("bad number") }))
        .status,
    ).toBe(400);
    const badJson = await fetch(`${stack.apiUrls[0]}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"to":"${number(9)}","content":"${content("bad json")}",}`,
    });
    expect(badJson.status).toBe(400);

    // A message scheduled for later, cancelled by its number.
    const later = number(10);
    const scheduled = await stack.api("POST", "/api/v1/messages", {
      to: later,
      content: content("cancelled"),
      sendAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(scheduled.status).toBe(201);
    expect((await stack.api("POST", "/api/v1/messages/cancel", { to: later })).body).toEqual({ count: 1 });

    // A worker killed while its sends wait on a slow provider; the next one finishes them.
    await stack.drained(60_000);
    await stack.setSwitches({ latencyMs: 1_500 });
    const inFlight = await stack.api("POST", "/api/v1/messages/bulk", {
      messages: [11, 12, 13].map((n) => ({ to: number(n), content: content(`crash ${n}`) })),
    });
    expect(inFlight.status).toBe(201);
    await eventually(
      async () => expect(await countMessages(stack, "sending")).toBeGreaterThan(0),
      20_000,
      100,
    );
    const killed = stack.workers[0]!;
    expect(await stack.restartWorker(0, "SIGKILL")).toBe("SIGKILL");
    retired.push(killed.output());
    await stack.setSwitches({ latencyMs: 0 });
    await stack.drained(60_000);

    // Searches by number, its + raw (a space once parsed) or encoded.
    for (const to of [refused, number(2)]) {
      const found = await stack.api("GET", `/api/v1/messages?to=${to}`);
      expect(found.body.items.length, to).toBe(1);
      expect(
        (await stack.api("GET", `/api/v1/messages?to=${encodeURIComponent(to)}`)).body.items,
      ).toHaveLength(1);
    }

    expect(await countMessages(stack, "failed")).toBe(1);
    expect(await countMessages(stack, "sent")).toBe(8);
    // Every sent message's receipt is applied, so the receipt path has run for each.
    await eventually(
      async () => {
        const rows = await stack.db
          .selectFrom("messages")
          .select("deliveryStatus")
          .where("status", "=", "sent")
          .execute();
        expect(rows.every((r) => r.deliveryStatus === "delivered")).toBe(true);
      },
      30_000,
      250,
    );
    // The last spans and log lines are out (200 ms span batches, 100 ms log flushes).
    await new Promise((r) => setTimeout(r, 1_500));

    const outputs = [
      ...retired.map((text, i) => ({ where: `retired worker ${i}`, text })),
      ...stack.apis.map((app) => ({ where: app.name, text: app.output() })),
      ...stack.workers.map((app) => ({ where: app.name, text: app.output() })),
      ...receiver.bodies().map((text, i) => ({ where: `span export ${i}`, text })),
    ];
    // The scan would pass on empty output: the processes did log every request and attempt and
    // export spans, and masked numbers show where a number helps.
    const logged = outputs
      .filter((o) => !o.where.startsWith("span"))
      .map((o) => o.text)
      .join("\n");
    expect(logged).toMatch(/"url":"\/api\/v1\/opt-outs\/(\+|%2B)90555\*\*\*0007"/);
    expect(logged).toContain("invalid destination +90555***0001");
    expect(receiver.spans().some((s) => s.name === "message.send")).toBe(true);

    const found: string[] = [];
    // A number is looked for by its digits (with or without its +, raw or encoded), content as sent.
    const secrets = [...[...numbers].map((n) => n.slice(1)), ...contents];
    for (const { where, text } of outputs) {
      for (const secret of secrets) {
        const at = text.indexOf(secret);
        if (at >= 0) found.push(`${where}: ${secret} in …${text.slice(Math.max(0, at - 200), at + 80)}…`);
      }
    }
    expect(found).toEqual([]);
  });
});
