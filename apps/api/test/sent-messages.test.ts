import { claimPending, insertMessages, markSent, startSending } from "@dispatcher/db";
import { ONE_PROVIDER } from "@dispatcher/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApi } from "./api-harness.js";

let h: ApiHarness;
let sentIds: number[];

beforeAll(async () => {
  h = await startApi();
  const rows = await insertMessages(
    h.db,
    Array.from({ length: 12 }, (_, i) => ({ recipient: `+9055500000${10 + i}`, content: `m${i}` })),
  );
  const ids = rows.map((r) => r.id);
  await claimPending(h.db, 12, "bulk");
  await startSending(h.db, ids.slice(0, 11), ONE_PROVIDER);
  // Messages 0..10 sent, pairs sharing a send time; message 11 stays queued.
  const base = Date.parse("2026-11-22T10:00:00.000Z");
  await markSent(
    h.db,
    ids.slice(0, 11).map((id, i) => ({
      id,
      providerMessageId: `p-${id}`,
      sentAt: new Date(base + Math.floor(i / 2) * 1000),
    })),
  );
  sentIds = ids.slice(0, 11);
});
afterAll(async () => {
  await h?.close();
});

describe("GET /api/v1/messages/sent", () => {
  it("pages newest first without gaps or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/messages/sent?limit=4${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await h.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: Array<{ id: number }>; nextCursor: string | null };
      seen.push(...body.items.map((m) => m.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const byIndex = (id: number) => sentIds.indexOf(id);
    const expected = [...sentIds].sort(
      (a, b) => Math.floor(byIndex(b) / 2) - Math.floor(byIndex(a) / 2) || b - a,
    );
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it("each item has id, to, content, messageId and sentAt", async () => {
    const res = await h.inject({ method: "GET", url: "/api/v1/messages/sent?limit=1" });
    const [item] = res.json().items;
    const id = sentIds[10]!;
    expect(item).toEqual({
      id,
      to: "+905550000020",
      content: "m10",
      messageId: `p-${id}`,
      sentAt: "2026-11-22T10:00:05.000Z",
    });
  });

  it("reads messageId and sentAt from the Redis cache where present", async () => {
    const id = sentIds[10]!;
    await h.cache.remember([
      { id, providerMessageId: "from-cache", sentAt: new Date("2026-11-22T10:00:05.000Z") },
    ]);
    const res = await h.inject({ method: "GET", url: "/api/v1/messages/sent?limit=1" });
    expect(res.json().items[0]).toMatchObject({ id, messageId: "from-cache" });
  });

  it("answers a forged cursor with a 400 naming it, never a 5xx", async () => {
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const forged = [
      forge(["-271821-04-20T00:00:00.000Z", 1]),
      forge(["+275760-09-13T00:00:00.000Z", 1]),
      forge(["1969-12-31T23:59:59.999Z", 1]),
      forge(["2026-01-01T00:00:00.000Z", Number.MAX_SAFE_INTEGER + 2]),
      forge(["2026-01-01T00:00:00.000Z", -1]),
      forge(["2026-01-01T00:00:00.000Z", 1.5]),
      forge(["not a date", 1]),
      forge({ before: 1 }),
      forge([null, null]),
      "%00",
      "\u0000",
    ];
    for (const cursor of forged) {
      const res = await h.inject({
        method: "GET",
        url: `/api/v1/messages/sent?cursor=${encodeURIComponent(cursor)}`,
      });
      expect(res.statusCode, cursor).toBe(400);
      expect(res.json().field).toBe("cursor");
    }
    const edge = forge(["9999-12-31T23:59:59.999Z", Number.MAX_SAFE_INTEGER]);
    expect((await h.inject({ method: "GET", url: `/api/v1/messages/sent?cursor=${edge}` })).statusCode).toBe(
      200,
    );
    for (const url of [
      `/api/v1/messages?cursor=${forge({ before: Number.MAX_SAFE_INTEGER })}`,
      `/api/v1/dispatcher/events?cursor=${forge({ before: Number.MAX_SAFE_INTEGER })}`,
      "/api/v1/messages/999999999999999",
    ]) {
      expect((await h.inject({ method: "GET", url })).statusCode, url).toBeLessThan(500);
    }
  });

  it("rejects a bad limit or cursor with a 400 that names the field", async () => {
    const limit = await h.inject({ method: "GET", url: "/api/v1/messages/sent?limit=0" });
    expect(limit.statusCode).toBe(400);
    expect(limit.json()).toMatchObject({ statusCode: 400, field: "limit" });
    const cursor = await h.inject({ method: "GET", url: "/api/v1/messages/sent?cursor=garbage" });
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json()).toMatchObject({ field: "cursor" });
  });
});
