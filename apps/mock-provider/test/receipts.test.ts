import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@dispatcher/core";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildMockProvider, type ReceivedList, type Switches } from "../src/index.js";

// The mock provider's delivery receipts, received by a real HTTP server that checks their signature.

const SECRET = "r".repeat(40);
const apps: FastifyInstance[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Received {
  at: number;
  body: { messageId: string; status: string; at: string; errorCode?: string; reference: string };
  signed: boolean;
}

/** A receiver that records every receipt (and whether its signature checks out) and answers `status`. */
async function receiver(status = 204): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => {
      const signed =
        verifySignature({
          header: req.headers["x-signature"] as string | undefined,
          body: text,
          secrets: [SECRET],
          toleranceSeconds: 60,
        }) === "ok";
      received.push({ at: Date.now(), body: JSON.parse(text), signed });
      res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts`, received };
}

async function provider(url: string, switches: Partial<Switches> = {}, random?: () => number) {
  const app = buildMockProvider({ receipts: { url, secret: SECRET }, switches, random });
  apps.push(app);
  return app.listen({ port: 0, host: "127.0.0.1" });
}

async function send(base: string, key: string) {
  const res = await fetch(`${base}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ to: "+905551111111", content: "code 1234" }),
  });
  return { at: Date.now(), status: res.status, json: (await res.json()) as { messageId: string } };
}

const counters = async (base: string) =>
  ((await (await fetch(`${base}/messages`)).json()) as ReceivedList).counters;

/** Waits, polling every 50 ms for up to `timeout` ms, until `base`'s `counter` reads `n`. */
const untilCounted = (base: string, counter: keyof ReceivedList["counters"], n: number, timeout: number) =>
  vi.waitFor(async () => expect((await counters(base))[counter]).toBe(n), { timeout, interval: 50 });

describe("the mock provider's delivery receipts", () => {
  it("a signed `delivered` receipt per accepted message, naming its id and echoing its key; none for a duplicate", async () => {
    const r = await receiver();
    const base = await provider(r.url);
    const key = "6f1c1d1e-8a55-4a3e-9f40-0f5f2c7b9a11";
    const { json } = await send(base, key);
    await send(base, key);
    await untilCounted(base, "receiptsSent", 1, 5_000);
    expect(r.received).toHaveLength(1);
    expect(r.received[0]).toMatchObject({
      signed: true,
      body: { messageId: json.messageId, status: "delivered", reference: key },
    });
  });

  it("switches: a failure share, duplicates, and a stale receipt out of order", async () => {
    const r = await receiver();
    const base = await provider(r.url, { receiptFailRate: 1, receiptDuplicates: 2, receiptOutOfOrder: true });
    await send(base, "k-1");
    await untilCounted(base, "receiptsSent", 4, 5_000);
    const [first, second, third, stale] = r.received.map((x) => x.body);
    expect(first).toMatchObject({ status: "undelivered", errorCode: "30003" });
    expect([second, third]).toEqual([first, first]);
    expect(stale).toMatchObject({ status: "failed", messageId: first!.messageId });
    expect(Date.parse(stale!.at)).toBe(Date.parse(first!.at) - 60_000);
  });

  it("a delay, or the receipt before the provider's own answer", async () => {
    const r = await receiver();
    const base = await provider(r.url, { receiptDelayMs: 300 });
    const late = await send(base, "k-2");
    await vi.waitFor(async () => expect(r.received).toHaveLength(1), { timeout: 5_000, interval: 50 });
    expect(r.received[0]!.at - late.at).toBeGreaterThanOrEqual(250);

    const early = await receiver();
    const eager = await provider(early.url, { receiptBeforeAnswer: true });
    const answered = await send(eager, "k-3");
    expect(early.received).toHaveLength(1);
    expect(early.received[0]!.at).toBeLessThanOrEqual(answered.at);
  });

  it("a receiver that refuses is counted as failed, and one that is down is tried three times", async () => {
    const refusing = await receiver(401);
    const base = await provider(refusing.url);
    await send(base, "k-4");
    await untilCounted(base, "receiptsFailed", 1, 5_000);
    expect(refusing.received).toHaveLength(1);

    const down = await receiver(503);
    const flaky = await provider(down.url);
    await send(flaky, "k-5");
    await untilCounted(flaky, "receiptsFailed", 1, 10_000);
    expect(down.received).toHaveLength(3);
  });
});
