import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
beforeAll(async () => {
  h = await startApi({ messageMaxLength: 20, settings: { bodyLimitBytes: 200_000 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages restart identity`.execute(h.db);
});

async function storedCount(): Promise<number> {
  const row = await h.db
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.inject({ method: "POST", url, payload: payload as object, headers });

describe("POST /api/v1/messages", () => {
  it("stores a valid message as pending and returns it with 201", async () => {
    const res = await post("/api/v1/messages", { to: "+905551111111", content: "hello" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: 1,
      to: "+905551111111",
      content: "hello",
      status: "pending",
      attempts: 0,
      messageId: null,
    });
    expect(await storedCount()).toBe(1);
  });

  it.each([
    ["a number that is not E.164", { to: "05551111111", content: "x" }, "to"],
    ["a number no country assigns", { to: "+9055511", content: "x" }, "to"],
    ["empty content", { to: "+905551111111", content: "" }, "content"],
    ["blank content", { to: "+905551111111", content: "   " }, "content"],
    ["content over MESSAGE_MAX_LENGTH", { to: "+905551111111", content: "x".repeat(21) }, "content"],
    ["a wrong type", { to: 905551111111, content: "x" }, "to"],
    ["a missing field", { to: "+905551111111" }, "content"],
    ["an unknown field", { to: "+905551111111", content: "x", priority: "high" }, "priority"],
    ["a NUL in the content", { to: "+905551111111", content: "a\u0000b" }, "content"],
  ])("rejects %s with a 400 naming the field, storing nothing", async (_name, body, field) => {
    const res = await post("/api/v1/messages", body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: "Bad Request", field });
    expect(await storedCount()).toBe(0);
  });

  it("rejects malformed JSON and a non-JSON content type with a JSON 4xx", async () => {
    const malformed = await post("/api/v1/messages", '{"to": "+90555', {
      "content-type": "application/json",
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().statusCode).toBe(400);
    const text = await post("/api/v1/messages", "to=+905551111111", { "content-type": "text/plain" });
    expect(text.statusCode).toBe(415);
    expect(text.json().statusCode).toBe(415);
    expect(await storedCount()).toBe(0);
  });

  it("rejects a body over the size limit with 413", async () => {
    const res = await post("/api/v1/messages", { to: "+905551111111", content: "x".repeat(300_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ statusCode: 413, error: "Payload Too Large" });
    expect(await storedCount()).toBe(0);
  });
});

describe("POST /api/v1/messages/bulk", () => {
  it("stores every message in order and returns them", async () => {
    const messages = Array.from({ length: 3 }, (_, i) => ({ to: `+9055511111${10 + i}`, content: `m${i}` }));
    const res = await post("/api/v1/messages/bulk", { messages });
    expect(res.statusCode).toBe(201);
    expect(res.json().count).toBe(3);
    expect(res.json().items.map((m: { content: string }) => m.content)).toEqual(["m0", "m1", "m2"]);
    expect(await storedCount()).toBe(3);
  });

  it("stores none when one is bad, and names every bad item by index", async () => {
    const messages = [
      { to: "+905551111111", content: "ok" },
      { to: "nope", content: "bad number" },
      { to: "+905551111112", content: "ok" },
      { to: "+905551111113", content: "" },
    ];
    const res = await post("/api/v1/messages/bulk", { messages });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [1, "to"],
      [3, "content"],
    ]);
    expect(body.message).toContain("messages[1].to");
    expect(await storedCount()).toBe(0);
  });

  it("names every item with a wrong type or unknown field by index", async () => {
    const res = await post("/api/v1/messages/bulk", {
      messages: [
        { to: 1, content: "x" },
        { to: "+905551111111", content: "x" },
        { to: "+905551111111", content: "x", extra: 1 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 0, field: "to" }),
        expect.objectContaining({ index: 2, field: "extra" }),
      ]),
    );
    expect(await storedCount()).toBe(0);
  });

  it("refuses more than 1,000 messages and an empty list", async () => {
    const many = Array.from({ length: 1_001 }, () => ({ to: "+905551111111", content: "x" }));
    const tooMany = await h.inject({
      method: "POST",
      url: "/api/v1/messages/bulk",
      payload: { messages: many },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().field).toBe("messages");
    const empty = await post("/api/v1/messages/bulk", { messages: [] });
    expect(empty.statusCode).toBe(400);
    expect(await storedCount()).toBe(0);
  });
});
