import { addOptOut } from "@dispatcher/db";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/auth/api-keys.js";
import { type ApiHarness, callOverSocket, startApi, TEST_KEY, TEST_KEYS } from "./api-harness.js";

// The suppression list over a real socket: PUT, GET and DELETE /api/v1/opt-outs/{number}, and
// intake refusing the numbers on it.

const READ_KEY = "viewer-test-key";
let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({
    settings: { apiKeys: [...TEST_KEYS, { name: "viewer", sha256: hashApiKey(READ_KEY), role: "read" }] },
  });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, opt_outs, dispatcher_events restart identity`.execute(h.db);
});

/** An answer's status and JSON body (undefined for an empty one). */
const call = <B = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
  key: string | null = TEST_KEY,
) => callOverSocket<B>(base, method, path, body, { key });

async function storedCount(): Promise<number> {
  const row = await h.db
    .selectFrom("messages")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const TR = "+905551111111";

describe("/api/v1/opt-outs/{number}", () => {
  it("PUT adds a number (201), again is 200 with the new reason; GET shows it; DELETE takes it off (204, then 404)", async () => {
    const added = await call("PUT", `/api/v1/opt-outs/${TR}`, { reason: "asked by phone" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      number: TR,
      reason: "asked by phone",
      source: "operator",
      actor: "ops",
    });
    const again = await call("PUT", `/api/v1/opt-outs/%2B905551111111`, { reason: "asked twice" });
    expect(again.status).toBe(200);
    expect((await call("PUT", `/api/v1/opt-outs/${TR}`, {})).body).toMatchObject({ reason: "asked twice" });
    expect((await call("GET", `/api/v1/opt-outs/${TR}`)).body).toMatchObject({ reason: "asked twice" });
    expect((await call("DELETE", `/api/v1/opt-outs/${TR}`)).status).toBe(204);
    expect((await call("DELETE", `/api/v1/opt-outs/${TR}`)).status).toBe(404);
    expect((await call("GET", `/api/v1/opt-outs/${TR}`)).status).toBe(404);
  });

  it("PUT and DELETE are audited with the key's name and the number masked, never in full", async () => {
    await call("PUT", `/api/v1/opt-outs/${TR}`, { reason: "asked by phone" });
    await call("DELETE", `/api/v1/opt-outs/${TR}`);
    const events = await call<{ items: { kind: string; actor: string; details: Record<string, unknown> }[] }>(
      "GET",
      "/api/v1/dispatcher/events",
    );
    const optOuts = events.body.items.filter((e) => e.kind === "opt-out").reverse();
    expect(optOuts).toMatchObject([
      { actor: "ops", details: { action: "added", number: "+90555***1111", source: "operator" } },
      { actor: "ops", details: { action: "removed", number: "+90555***1111", source: "operator" } },
    ]);
    expect(JSON.stringify(events.body)).not.toContain("905551111111");
  });

  it("PUT with an empty object records who added it; with no body at all it is a 400", async () => {
    expect((await call("PUT", `/api/v1/opt-outs/${TR}`)).body).toMatchObject({
      statusCode: 400,
      field: "(body)",
    });
    const added = await call("PUT", `/api/v1/opt-outs/${TR}`, {});
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ reason: "added by ops", actor: "ops" });
  });

  it.each([
    ["not a number", "abc"],
    ["not E.164", "05551111111"],
    ["too short", "+1"],
    ["a NUL", "%2B90555%00"],
    ["a path trick", "..%2F..%2Fdispatcher"],
  ])("a number that is %s is a 400 naming `number`, and nothing is stored", async (_kind, number) => {
    const res = await call("PUT", `/api/v1/opt-outs/${number}`, { reason: "x" });
    expect(res.status).toBe(400);
    expect(res.body?.field).toBe("number");
    expect(await h.db.selectFrom("optOuts").selectAll().execute()).toEqual([]);
  });

  it("a path parameter past the router's limit is a 414, and nothing is stored", async () => {
    const res = await call("PUT", `/api/v1/opt-outs/%2B${"9".repeat(5_000)}`, { reason: "x" });
    expect(res.status).toBe(414);
    expect(await h.db.selectFrom("optOuts").selectAll().execute()).toEqual([]);
  });

  it("refuses unknown body fields and over-long reasons", async () => {
    expect((await call("PUT", `/api/v1/opt-outs/${TR}`, { reason: "x", extra: 1 })).status).toBe(400);
    expect((await call("PUT", `/api/v1/opt-outs/${TR}`, { reason: "r".repeat(1_001) })).status).toBe(400);
    expect((await call("GET", `/api/v1/opt-outs/${TR}`)).status).toBe(404);
  });

  it("no key or a wrong key is a 401; a read key may GET but not PUT or DELETE (403)", async () => {
    for (const method of ["PUT", "GET", "DELETE"]) {
      expect((await call(method, `/api/v1/opt-outs/${TR}`, undefined, null)).status).toBe(401);
      expect((await call(method, `/api/v1/opt-outs/${TR}`, undefined, "wrong")).status).toBe(401);
    }
    expect((await call("PUT", `/api/v1/opt-outs/${TR}`, undefined, READ_KEY)).status).toBe(403);
    await call("PUT", `/api/v1/opt-outs/${TR}`, {});
    expect((await call("GET", `/api/v1/opt-outs/${TR}`, undefined, READ_KEY)).status).toBe(200);
    expect((await call("DELETE", `/api/v1/opt-outs/${TR}`, undefined, READ_KEY)).status).toBe(403);
    expect((await call("GET", `/api/v1/opt-outs/${TR}`)).status).toBe(200);
  });
});

describe("intake and the suppression list", () => {
  it("a message to a suppressed number is a 409 naming why; bulk names every such item; nothing is stored", async () => {
    await call("PUT", `/api/v1/opt-outs/${TR}`, { reason: "asked by phone" });
    const one = await call("POST", "/api/v1/messages", { to: TR, content: "hi" });
    expect(one.status).toBe(409);
    expect(one.body).toMatchObject({ statusCode: 409, field: "to" });
    expect(one.body?.message).toMatch(/to is on the suppression list \(asked by phone\)/);
    const bulk = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: "+14155552671", content: "ok" },
        { to: TR, content: "no" },
        { to: TR, content: "no again" },
      ],
    });
    expect(bulk.status).toBe(409);
    expect((bulk.body?.errors as Array<{ index: number }> | undefined)?.map((e) => e.index)).toEqual([1, 2]);
    expect(await storedCount()).toBe(0);
    await call("DELETE", `/api/v1/opt-outs/${TR}`);
    expect((await call("POST", "/api/v1/messages", { to: TR, content: "hi" })).status).toBe(201);
  });
});

describe("GET /api/v1/opt-outs", () => {
  const NUMBERS = ["+905551111113", "+905551111111", "+447911123456", "+905551111112"];

  it("pages the list in number order, follows the cursor to the end, and filters by source", async () => {
    for (const n of NUMBERS)
      expect((await call("PUT", `/api/v1/opt-outs/${encodeURIComponent(n)}`, {})).status).toBe(201);
    await addOptOut(h.db, {
      recipient: "+905551111114",
      reason: "STOP",
      source: "keyword",
      actor: "recipient",
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await call<{ items: { number: string }[]; nextCursor: string | null }>(
        "GET",
        `/api/v1/opt-outs?limit=2${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.number));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual([...NUMBERS, "+905551111114"].sort());
    const keyword = await call<{ items: { number: string; source: string }[] }>(
      "GET",
      "/api/v1/opt-outs?source=keyword",
    );
    expect(keyword.body.items).toEqual([
      expect.objectContaining({ number: "+905551111114", source: "keyword" }),
    ]);
  });

  it("no key or a wrong key is a 401; a read key may list", async () => {
    expect((await call("GET", "/api/v1/opt-outs", undefined, null)).status).toBe(401);
    expect((await call("GET", "/api/v1/opt-outs", undefined, "wrong-key")).status).toBe(401);
    expect((await call("GET", "/api/v1/opt-outs", undefined, READ_KEY)).status).toBe(200);
  });

  it("hostile queries are 400s naming the field: a bad cursor, limit or source", async () => {
    const cases: [string, string][] = [
      ["cursor=%00%27;drop", "cursor"],
      ["limit=100000", "limit"],
      ["limit=-1", "limit"],
      ["source=operator%27--", "source"],
    ];
    for (const [query, field] of cases) {
      const answer = await call<{ field?: string; status?: number }>("GET", `/api/v1/opt-outs?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.field, query).toBe(field);
    }
  });
});
