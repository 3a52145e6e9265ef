import { eraseFinalMessages } from "@dispatcher/db";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEYS } from "./api-harness.js";

// GET /api/v1/messages?to= over a real socket: a number's messages found by the keyed hash intake
// stored with each, before and after their recipient and content are erased.

const READ_KEY = "viewer-test-key";
const A = "+905551111111";
const B = "+905552222222";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    running: false,
    settings: { apiKeys: [...TEST_KEYS, { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" }] },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});

type Page = { items: { id: number; to: string | null; content: string | null; erasedAt: string | null }[] };
const search = (query: string, key?: string | null) =>
  callOverSocket<Page & { field?: string }>(base, "GET", `/api/v1/messages?${query}`, undefined, { key });

async function store(to: string, content: string): Promise<number> {
  const answer = await callOverSocket<{ id: number }>(base, "POST", "/api/v1/messages", { to, content });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

describe("GET /api/v1/messages?to=", () => {
  it("finds a number's messages, newest first, before and after erasure, and only that number's", async () => {
    const a1 = await store(A, "first to A");
    await store(B, "to B");
    const a2 = await store(A, "second to A");

    for (const query of [`to=${encodeURIComponent(A)}`, `to=${A}`]) {
      const found = await search(query);
      expect(found.status, query).toBe(200);
      expect(found.body.items.map((m) => [m.id, m.to])).toEqual([
        [a2, A],
        [a1, A],
      ]);
    }
    const stored = await sql<{ hash: string | null }>`
      select recipient_hash as hash from messages where id = ${a1}`.execute(h.db);
    expect(stored.rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0]?.hash).not.toContain("5551111111");

    await sql`update messages set status = 'sent', sent_at = now(), updated_at = now() - interval '40 days'
               where id = ${a1}`.execute(h.db);
    expect(await eraseFinalMessages(h.db, { olderThanDays: 30, limit: 10 })).toBe(1);
    const after = await search(`to=${encodeURIComponent(A)}&limit=1&status=sent`);
    expect(after.body.items).toEqual([expect.objectContaining({ id: a1, to: null, content: null })]);
    expect(after.body.items[0]?.erasedAt).toEqual(expect.any(String));
    // And an erased message is not sent again.
    await sql`update messages set status = 'failed' where id = ${a1}`.execute(h.db);
    const retried = await callOverSocket(base, "POST", `/api/v1/messages/${a1}/retry`);
    expect(retried.status).toBe(409);
  });

  it("a number with no messages finds none; a row stored without a hash is not found", async () => {
    await sql`insert into messages (recipient, content) values ('+905553333333', 'bulk load')`.execute(h.db);
    expect((await search(`to=${encodeURIComponent("+905553333333")}`)).body.items).toEqual([]);
    expect((await search(`to=${encodeURIComponent("+14155552671")}`)).body.items).toEqual([]);
  });

  it.each([
    "05551111111",
    "+0555111111",
    "+90555",
    "+9055511111111111",
    "%2B90555%27%20or%201%3D1",
    "%2B905551111111%00",
    "%2B905551111111&to=%2B905552222222",
    "%2B%2B905551111111",
    "abc",
    "",
  ])("refuses to=%s with a 400 naming `to`", async (value) => {
    const answer = await search(`to=${value}`);
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe("to");
  });

  it("no key or a wrong key is a 401; a read key may search", async () => {
    const query = `to=${encodeURIComponent(A)}`;
    expect((await search(query, null)).status).toBe(401);
    expect((await search(query, "wrong-key")).status).toBe(401);
    expect((await search(query, READ_KEY)).status).toBe(200);
  });
});

describe("GET /api/v1/messages?priority=", () => {
  it("lists one lane's messages only, combined with the other filters; an unknown lane finds none", async () => {
    const otp = await callOverSocket<{ id: number }>(base, "POST", "/api/v1/messages", {
      to: A,
      content: "code 1234",
      priority: "transactional",
    });
    expect(otp.status).toBe(201);
    const bulk = await store(A, "newsletter");
    const lane = await search("priority=transactional&limit=200");
    expect(lane.status).toBe(200);
    const ids = lane.body.items.map((m) => m.id);
    expect(ids).toContain(otp.body.id);
    expect(ids).not.toContain(bulk);
    expect(lane.body.items.every((m) => (m as { priority?: string }).priority === "transactional")).toBe(
      true,
    );
    const both = await search(`priority=bulk&to=${encodeURIComponent(A)}&limit=200`);
    expect(both.body.items.map((m) => m.id)).toContain(bulk);
    expect(both.body.items.map((m) => m.id)).not.toContain(otp.body.id);
    expect((await search("priority=nosuchlane")).body.items).toEqual([]);
  });

  it("a lane name that is not one is a 400 naming priority; no key or a wrong key is a 401", async () => {
    for (const query of ["priority=%27%20or%201%3D1--", "priority=../bulk", `priority=${"x".repeat(200)}`]) {
      const answer = await search(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.field, query).toBe("priority");
    }
    expect((await search("priority=bulk", null)).status).toBe(401);
    expect((await search("priority=bulk", "wrong-key")).status).toBe(401);
  });
});
