import { readFileSync } from "node:fs";
import { eventually } from "@dispatcher/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createStack, type Stack } from "../src/stack.js";

// The README's demo, run as an operator would: `docker compose --env-file infra/demo.env up`.
const unavailable = inject("composeUnavailable");
let stack: Stack;
/** The version the image is built at: the API's package.json, as `GET /version` reports it. */
const { version: packageVersion } = JSON.parse(
  readFileSync(new URL("../../apps/api/package.json", import.meta.url), "utf8"),
) as { version: string };

beforeAll(async () => {
  if (unavailable) return;
  stack = await createStack();
  await stack.must(["up", "-d"]);
});
afterAll(async () => {
  await stack?.destroy();
});

interface Page {
  items: Array<{ id: number; status: string }>;
}

async function addMessages(n: number, tag: string): Promise<number[]> {
  const res = await stack.http("POST", `${stack.apiUrl}/api/v1/messages/bulk`, {
    messages: Array.from({ length: n }, (_, i) => ({ to: `+90555${2_000_000 + i}`, content: `${tag} ${i}` })),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body.items as Array<{ id: number }>).map((m) => m.id);
}

async function statusCount(status: string): Promise<number> {
  const res = await stack.http("GET", `${stack.apiUrl}/api/v1/messages?status=${status}&limit=200`);
  return (res.body as Page).items.length;
}

async function allSent(ids: number[], timeoutMs: number): Promise<void> {
  await eventually(
    async () => {
      const statuses = await Promise.all(
        ids.map(async (id) => (await stack.http("GET", `${stack.apiUrl}/api/v1/messages/${id}`)).body.status),
      );
      expect(statuses.filter((s) => s !== "sent")).toEqual([]);
    },
    timeoutMs,
    500,
  );
}

describe.skipIf(unavailable !== "")(
  `the demo stack${unavailable ? ` (skipped: ${unavailable})` : ""}`,
  () => {
    it("every container becomes healthy, migrate exits 0, and the API runs compiled code on Node 26", async () => {
      const running = await stack.healthy();
      expect(running.map((c) => c.service).sort()).toEqual([
        "api",
        "mock-provider",
        "postgres",
        "redis",
        "worker",
      ]);
      const [migrate] = await stack.containers("migrate");
      expect(migrate).toMatchObject({ status: "exited", exitCode: 0 });
      const version = await stack.http("GET", `${stack.apiUrl}/version`);
      expect(version.body).toMatchObject({ name: "message-dispatcher-api", version: packageVersion });
      expect(version.body.node).toMatch(/^v26\./);
      const live = await stack.http("GET", `${stack.apiUrl}/livez`);
      expect(live).toEqual({ status: 200, body: { status: "up" } });
      const logs = await stack.must(["logs", "api"]);
      expect(logs).toContain("API_KEYS is empty");
    });

    it("a message sent through the API reaches the mock provider and is listed as sent", async () => {
      const [id] = await addMessages(1, "hello");
      await allSent([id!], 60_000);
      const received = await stack.http("GET", `${stack.mockUrl}/messages`);
      expect(received.body.counters).toMatchObject({ accepted: 1, duplicates: 0 });
      const sent = await stack.http("GET", `${stack.apiUrl}/api/v1/messages/sent`);
      expect(sent.body.items[0]).toMatchObject({ id, messageId: received.body.received[0].messageId });
      // The demo's mock provider sends its signed receipt to the API over the compose network.
      await eventually(
        async () => {
          const message = await stack.http("GET", `${stack.apiUrl}/api/v1/messages/${id}`);
          expect(message.body).toMatchObject({ deliveryStatus: "delivered", provider: "primary" });
        },
        30_000,
        250,
      );
    });

    it("--scale worker=3 starts three healthy workers that share the sending", async () => {
      await stack.must(["up", "-d", "--scale", "worker=3"]);
      const running = await stack.healthy();
      expect(running.filter((c) => c.service === "worker")).toHaveLength(3);
      const ids = await addMessages(60, "scaled");
      await allSent(ids, 90_000);
      const received = await stack.http("GET", `${stack.mockUrl}/messages`);
      expect(received.body.counters).toMatchObject({ accepted: 61, duplicates: 0 });
    });

    it("`stop` of the workers mid-send: each exits 0 and nothing is left in flight", async () => {
      await stack.http("PUT", `${stack.mockUrl}/control`, { latencyMs: 1_500 });
      await addMessages(20, "slow");
      await eventually(async () => expect(await statusCount("sending")).toBeGreaterThan(0), 60_000, 100);
      await stack.must(["stop", "worker"]);
      const workers = await stack.containers("worker");
      expect(workers.map((w) => [w.status, w.exitCode])).toEqual(workers.map(() => ["exited", 0]));
      expect(await statusCount("sending")).toBe(0);
      await stack.http("PUT", `${stack.mockUrl}/control`, { latencyMs: 0 });
      await stack.must(["up", "-d", "--scale", "worker=3"]);
      await eventually(
        async () => expect((await statusCount("pending")) + (await statusCount("queued"))).toBe(0),
        120_000,
        500,
      );
    });

    it("SIGKILL of a worker mid-send loses nothing and records nothing twice", async () => {
      await stack.must(["up", "-d", "--scale", "worker=1"]);
      await stack.http("PUT", `${stack.mockUrl}/control`, { latencyMs: 1_000 });
      const ids = await addMessages(15, "killed");
      await eventually(async () => expect(await statusCount("sending")).toBeGreaterThan(0), 60_000, 100);
      await stack.must(["kill", "-s", "SIGKILL", "worker"]);
      const [killed] = await stack.containers("worker");
      expect(killed).toMatchObject({ status: "exited", exitCode: 137 });
      await stack.http("PUT", `${stack.mockUrl}/control`, { latencyMs: 0 });
      await stack.must(["up", "-d", "worker"]);
      // The killed worker's sends are taken over once their locks expire (WORKER_LOCK_DURATION_MS).
      await allSent(ids, 180_000);
      const received = await stack.http("GET", `${stack.mockUrl}/messages`);
      const keys = new Set(
        (received.body.received as Array<{ idempotencyKey: string }>).map((r) => r.idempotencyKey),
      );
      expect(keys.size).toBe(received.body.counters.accepted);
      const sent = await stack.http("GET", `${stack.apiUrl}/api/v1/messages/sent?limit=200`);
      const sentIds = (sent.body.items as Array<{ id: number }>).map((m) => m.id);
      expect(new Set(sentIds).size).toBe(sentIds.length);
      expect(sentIds.length).toBe(received.body.counters.accepted);
    });

    it("`down` then `up` keeps every message (named volumes)", async () => {
      const before = (await stack.http("GET", `${stack.apiUrl}/api/v1/messages/sent?limit=200`)).body.items
        .length;
      expect(before).toBeGreaterThan(50);
      await stack.must(["down"]);
      expect(await stack.containers()).toEqual([]);
      await stack.must(["up", "-d"]);
      await stack.healthy();
      const after = (await stack.http("GET", `${stack.apiUrl}/api/v1/messages/sent?limit=200`)).body.items
        .length;
      expect(after).toBe(before);
    });

    it("`stop` of the API exits 0; in production without API_KEYS it refuses to start, saying how to make a key", async () => {
      await stack.must(["stop", "api"]);
      expect((await stack.containers("api")).map((c) => c.exitCode)).toEqual([0]);
      const refused = await stack.compose(["run", "--rm", "--no-deps", "-e", "NODE_ENV=production", "api"]);
      expect(refused.code).toBe(1);
      expect(`${refused.stdout}${refused.stderr}`).toMatch(
        /API_KEYS is empty: refusing to start.*pnpm api-key/,
      );
    });
  },
);
