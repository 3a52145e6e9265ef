import { expireDue } from "@dispatcher/db";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, callOverSocket, startApi } from "./api-harness.js";

// sendAt, expiresAt and validitySeconds at intake, and an expired message as the API shows it
// (the workers' housekeeping expires it: see apps/worker/test/housekeeping.test.ts), over a real
// socket.

let h: ApiHarness;
let base: string;
beforeAll(async () => {
  h = await startApi({ running: false });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, intake_keys restart identity`.execute(h.db);
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  callOverSocket(base, method, path, body, { headers });

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const TR = "+905551111111";

describe("scheduling at intake", () => {
  it("stores sendAt and an expiry from validitySeconds counted from sendAt", async () => {
    const sendAt = inMs(3_600_000);
    const res = await call("POST", "/api/v1/messages", {
      to: TR,
      content: "later",
      sendAt,
      validitySeconds: 600,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sendAt,
      expiresAt: new Date(Date.parse(sendAt) + 600_000).toISOString(),
      status: "pending",
    });
    const row = await h.db.selectFrom("messages").select(["sendAt", "expiresAt"]).executeTakeFirstOrThrow();
    expect(row.sendAt?.toISOString()).toBe(sendAt);
  });

  it.each([
    ["a sendAt in the past", { sendAt: "2020-01-01T00:00:00Z" }, "sendAt"],
    ["a sendAt that is not RFC 3339", { sendAt: "next monday" }, "sendAt"],
    ["a sendAt past the horizon", { sendAt: inMs(31 * 86_400_000) }, "sendAt"],
    ["an expiresAt in the past", { expiresAt: inMs(-60_000) }, "expiresAt"],
    ["an expiresAt before sendAt", { sendAt: inMs(600_000), expiresAt: inMs(300_000) }, "expiresAt"],
    [
      "both expiresAt and validitySeconds",
      { expiresAt: inMs(600_000), validitySeconds: 60 },
      "validitySeconds",
    ],
    ["a validity of 0", { validitySeconds: 0 }, "validitySeconds"],
  ])("%s is a 400 naming the field, and nothing is stored", async (_kind, schedule, field) => {
    const res = await call("POST", "/api/v1/messages", { to: TR, content: "x", ...schedule });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
    const count = await h.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  // Each of these was rolled forward by Date (hour 24 to the next midnight, February 29 of 2027 to
  // March 1) and stored instead of refused.
  const tomorrow = inMs(86_400_000).slice(0, 10);
  it.each([
    ["a sendAt at hour 24", "sendAt", `${tomorrow}T24:00:00Z`],
    ["an expiresAt at hour 24", "expiresAt", `${tomorrow}T24:00:00Z`],
    ["a sendAt on February 29 of a common year", "sendAt", "2027-02-29T09:00:00Z"],
    ["an expiresAt on a day its month lacks", "expiresAt", "2026-11-31T09:00:00Z"],
  ])("%s is a 400 naming the field as not RFC 3339, and nothing is stored", async (_kind, field, value) => {
    const res = await call("POST", "/api/v1/messages", { to: TR, content: "x", [field]: value });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field, message: expect.stringMatching(/RFC 3339/) });
    const count = await h.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("bulk names the item whose schedule is wrong", async () => {
    const res = await call("POST", "/api/v1/messages/bulk", {
      messages: [
        { to: TR, content: "ok", sendAt: inMs(60_000) },
        { to: TR, content: "bad", expiresAt: "yesterday" },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { index: 1, field: "expiresAt", message: expect.stringMatching(/RFC 3339/) },
    ]);
  });

  it("an Idempotency-Key retried with another sendAt is another request (422)", async () => {
    const key = { "idempotency-key": "sched-1" };
    expect(
      (await call("POST", "/api/v1/messages", { to: TR, content: "x", sendAt: inMs(60_000) }, key)).status,
    ).toBe(201);
    expect(
      (await call("POST", "/api/v1/messages", { to: TR, content: "x", sendAt: inMs(120_000) }, key)).status,
    ).toBe(422);
  });

  it("a scheduled message not yet due can be cancelled", async () => {
    const res = await call("POST", "/api/v1/messages", { to: TR, content: "x", sendAt: inMs(3_600_000) });
    expect((await call("POST", `/api/v1/messages/${res.body.id}/cancel`)).body).toMatchObject({
      status: "cancelled",
    });
  });
});

describe("expiry", () => {
  it("a message expires while the dispatcher is stopped: listed expired, with why, and never sent", async () => {
    const res = await call("POST", "/api/v1/messages", {
      to: TR,
      content: "Your code is 1234",
      validitySeconds: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The workers' expiry pass, as it runs every 5 s whether the dispatcher runs or not.
    expect(await expireDue(h.db, 100)).toEqual([res.body.id]);
    expect((await call("GET", `/api/v1/messages/${res.body.id}`)).body.status).toBe("expired");
    const message = (await call("GET", `/api/v1/messages/${res.body.id}`)).body;
    expect(message.lastError).toMatch(/^expired unsent at /);
    expect(message.queuedAt).toBeNull();
    const listed = await call("GET", "/api/v1/messages?status=expired");
    expect((listed.body.items as Array<{ id: number }>).map((m) => m.id)).toEqual([res.body.id]);
  });
});
