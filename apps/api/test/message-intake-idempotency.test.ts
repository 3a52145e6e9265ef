import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// Idempotency-Key on POST /api/v1/messages and /messages/bulk, over a real socket: a client that
// retries after a timeout must not make the recipient get a second SMS.

const OTHER_KEY = "billing-test-key";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    settings: {
      apiKeys: [...TEST_KEYS, { name: "billing", sha256: hashApiKey(OTHER_KEY), role: "admin" }],
      intakeKeyTtlMs: 1_500,
    },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, intake_keys, opt_outs restart identity`.execute(h.db);
});

async function storedCount(): Promise<number> {
  const row = await h.db
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the intake routes answer: a message, a bulk result, or an error body. */
interface IntakeAnswer {
  id?: number;
  items?: Array<{ id: number; to: string }>;
  statusCode?: number;
  error?: string;
  message?: string;
  field?: string;
}

/** POSTs `body` as JSON to `path` with `headers` (the test key unless they say otherwise). */
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  callOverSocket<IntakeAnswer>(base, "POST", path, body, { headers });

const ONE = { to: "+905551111111", content: "Your code is 1234" };

describe("Idempotency-Key on intake", () => {
  it("a retry with the same key and body gets the first answer again and stores nothing", async () => {
    const first = await post("/api/v1/messages", ONE, { "idempotency-key": "retry-1" });
    const again = await post("/api/v1/messages", ONE, { "idempotency-key": "retry-1" });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await storedCount()).toBe(1);
  });

  it("the same key with another body, or on the other route, is a 422 and stores nothing", async () => {
    await post("/api/v1/messages", ONE, { "idempotency-key": "k" });
    const other = await post(
      "/api/v1/messages",
      { ...ONE, content: "Your code is 9999" },
      { "idempotency-key": "k" },
    );
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, error: "Unprocessable Content" });
    expect(other.body.message).toMatch(/Idempotency-Key was already used with another request/);
    const bulk = await post("/api/v1/messages/bulk", { messages: [ONE] }, { "idempotency-key": "k" });
    expect(bulk.status).toBe(422);
    expect(await storedCount()).toBe(1);
  });

  it("concurrent requests with one key store one message, and every answer names it", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post("/api/v1/messages", ONE, { "idempotency-key": "burst" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === null)).toHaveLength(1);
    expect(await storedCount()).toBe(1);
  });

  it("a bulk retry gets the same messages in the same order", async () => {
    const messages = [ONE, { to: "+14155552671", content: "Hi" }, { to: "+905552222222", content: "Hey" }];
    const first = await post("/api/v1/messages/bulk", { messages }, { "idempotency-key": "bulk-1" });
    const again = await post("/api/v1/messages/bulk", { messages }, { "idempotency-key": "bulk-1" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.items?.map((m) => m.id)).toEqual(first.body.items?.map((m) => m.id));
    expect(again.body.items?.map((m) => m.to)).toEqual(messages.map((m) => m.to));
    expect(await storedCount()).toBe(3);
  });

  it("keys are scoped by API key: two clients' equal keys store two messages", async () => {
    const ops = await post("/api/v1/messages", ONE, { "idempotency-key": "shared" });
    const billing = await post("/api/v1/messages", ONE, {
      "idempotency-key": "shared",
      authorization: `Bearer ${OTHER_KEY}`,
    });
    expect(ops.status).toBe(201);
    expect(billing.status).toBe(201);
    expect(billing.body.id).not.toBe(ops.body.id);
    expect(await storedCount()).toBe(2);
  });

  it("a key past INTAKE_IDEMPOTENCY_TTL_HOURS is taken afresh: the request stores a new message", async () => {
    const first = await post("/api/v1/messages", ONE, { "idempotency-key": "old" });
    await new Promise((r) => setTimeout(r, 1_700));
    const later = await post(
      "/api/v1/messages",
      { ...ONE, content: "a new request" },
      { "idempotency-key": "old" },
    );
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
    // The key now stands for the new request: it replays, and the old body is another request.
    const replay = await post(
      "/api/v1/messages",
      { ...ONE, content: "a new request" },
      { "idempotency-key": "old" },
    );
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.id).toBe(later.body.id);
    expect((await post("/api/v1/messages", ONE, { "idempotency-key": "old" })).status).toBe(422);
    expect(await storedCount()).toBe(2);
  });

  it("a retry gets the first answer even when the number was suppressed since", async () => {
    const first = await post("/api/v1/messages", ONE, { "idempotency-key": "before-opt-out" });
    const suppressed = await fetch(`${base}/api/v1/opt-outs/${ONE.to}`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_KEY}` },
      body: "{}",
    });
    expect(suppressed.status).toBe(201);
    const again = await post("/api/v1/messages", ONE, { "idempotency-key": "before-opt-out" });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await post("/api/v1/messages", ONE, { "idempotency-key": "after-opt-out" })).status).toBe(409);
  });

  it("a request refused as invalid does not use up its key", async () => {
    const bad = await post("/api/v1/messages", { ...ONE, to: "12" }, { "idempotency-key": "fix-and-retry" });
    expect(bad.status).toBe(400);
    const good = await post("/api/v1/messages", ONE, { "idempotency-key": "fix-and-retry" });
    expect(good.status).toBe(201);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
    expect(await storedCount()).toBe(1);
  });

  it.each([
    ["empty", ""],
    ["longer than 255 characters", "k".repeat(256)],
    ["with a space", "two words"],
    ["with a control character", "a\tb"],
  ])("an Idempotency-Key %s is a 400 naming the header, and nothing is stored", async (_kind, key) => {
    const res = await post("/api/v1/messages", ONE, { "idempotency-key": key });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe("idempotency-key");
    expect(await storedCount()).toBe(0);
  });

  it("without an API key, or with a wrong one, a keyed request is a 401 and stores nothing", async () => {
    const missing = await fetch(`${base}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "x" },
      body: JSON.stringify(ONE),
    });
    const wrong = await post("/api/v1/messages", ONE, {
      "idempotency-key": "x",
      authorization: "Bearer nope",
    });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await storedCount()).toBe(0);
  });
});
