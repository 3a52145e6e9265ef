import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY } from "./api-harness.js";

// Encoding and segments at intake, MESSAGE_MAX_SEGMENTS and POST /api/v1/messages/estimate, over a
// real socket, with and without the provider's Turkish shift tables.

let plain: ApiHarness;
let turkish: ApiHarness;
const bases: Record<string, string> = {};
beforeAll(async () => {
  plain = await startApi({
    messageMaxLength: 1_600,
    settings: { segments: { max: 3, turkishShiftTables: false } },
  });
  turkish = await startApi({
    messageMaxLength: 1_600,
    settings: { segments: { max: 2, turkishShiftTables: true } },
  });
  bases.plain = await plain.app.listen({ port: 0, host: "127.0.0.1" });
  bases.turkish = await turkish.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await plain?.close();
  await turkish?.close();
});
beforeEach(async () => {
  for (const h of [plain, turkish]) await sql`truncate messages restart identity`.execute(h.db);
});

const post = (api: "plain" | "turkish", path: string, body: unknown, key: string | null = TEST_KEY) =>
  callOverSocket(bases[api]!, "POST", path, body, { key });

const TURKISH_160 = `Merhaba ş${"a".repeat(151)}`;

describe("segments at intake", () => {
  it("answers and stores the encoding and segments, and names the characters that forced UCS-2", async () => {
    const res = await post("plain", "/api/v1/messages", { to: "+905551111111", content: TURKISH_160 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ encoding: "UCS-2", segments: 3, ucs2Characters: ["ş"] });
    const listed = await fetch(`${bases.plain}/api/v1/messages/${res.body.id}`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    expect(await listed.json()).toMatchObject({ encoding: "UCS-2", segments: 3 });
  });

  it("with the provider's Turkish tables the same text is GSM-7 in 2 segments", async () => {
    const res = await post("turkish", "/api/v1/messages", { to: "+905551111111", content: TURKISH_160 });
    expect(res.body).toMatchObject({ encoding: "GSM-7", segments: 2, ucs2Characters: [] });
  });

  it("with the Turkish tables, 298 dotless i are 2 segments of the locking table, within MESSAGE_MAX_SEGMENTS=2", async () => {
    const res = await post("turkish", "/api/v1/messages", { to: "+905551111111", content: "ı".repeat(298) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ encoding: "GSM-7", segments: 2 });
    const row = await turkish.db.selectFrom("messages").select("segments").executeTakeFirstOrThrow();
    expect(row.segments).toBe(2);
  });

  it("refuses a message over MESSAGE_MAX_SEGMENTS with a 400 naming content; bulk names the item; nothing stored", async () => {
    const one = await post("plain", "/api/v1/messages", { to: "+905551111111", content: TURKISH_160 });
    expect(one.status).toBe(201);
    await sql`truncate messages`.execute(plain.db);
    const long = await post("plain", "/api/v1/messages", { to: "+905551111111", content: "a".repeat(460) });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ field: "content" });
    expect(long.body.message).toMatch(/takes 4 SMS segments \(GSM-7\); at most 3 \(MESSAGE_MAX_SEGMENTS\)/);
    const bulk = await post("plain", "/api/v1/messages/bulk", {
      messages: [
        { to: "+905551111111", content: "short" },
        { to: "+905551111111", content: "😀".repeat(101) },
      ],
    });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors).toEqual([
      { index: 1, field: "content", message: expect.stringMatching(/takes 4 SMS segments \(UCS-2\)/) },
    ]);
    const count = await plain.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe("POST /api/v1/messages/estimate", () => {
  it("counts without storing", async () => {
    const res = await post("plain", "/api/v1/messages/estimate", { content: "Şifreniz 1234 😀" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      encoding: "UCS-2",
      segments: 1,
      units: 16,
      nationalLanguage: null,
      ucs2Characters: ["Ş", "😀"],
    });
    expect(
      (await post("turkish", "/api/v1/messages/estimate", { content: "Şifreniz 1234" })).body,
    ).toMatchObject({
      encoding: "GSM-7",
      nationalLanguage: "turkish single shift",
    });
    const count = await plain.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it.each([
    ["an empty content", { content: "" }, "content"],
    ["no content", {}, "content"],
    ["an unknown field", { content: "x", to: "+905551111111" }, "to"],
    ["a content too long to count", { content: "a".repeat(10_001) }, "content"],
  ])("%s is a 400 naming the field", async (_kind, body, field) => {
    const res = await post("plain", "/api/v1/messages/estimate", body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
  });

  it("no key or a wrong key is a 401", async () => {
    expect((await post("plain", "/api/v1/messages/estimate", { content: "x" }, null)).status).toBe(401);
    expect((await post("plain", "/api/v1/messages/estimate", { content: "x" }, "wrong")).status).toBe(401);
  });
});
