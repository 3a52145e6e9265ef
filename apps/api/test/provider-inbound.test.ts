import { PassThrough } from "node:stream";
import { signPayload } from "@dispatcher/core";
import { getOptOut } from "@dispatcher/db";
import { createLogger } from "@dispatcher/runtime";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, callOverSocket, metricValue, postSigned, startApi } from "./api-harness.js";

// Recipients' messages at the generic endpoint, over a real socket: signed as receipts are,
// keywords only as a whole text, the suppression list, the audit trail, metrics and logs.

const SECRET = "s".repeat(40);
const TR = "+905551234567";
const US = "+14155552671";
let h: ApiHarness;
let base: string;
/** Every log line the API wrote, at every level, as written. */
const logText: string[] = [];
beforeAll(async () => {
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => logText.push(chunk.toString()));
  const logger = createLogger({ name: "api-test", level: "trace", pretty: false, destination: stream });
  h = await startApi({ logger, settings: { receipts: { secrets: [SECRET], toleranceSeconds: 300 } } });
  base = await h.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await sql`truncate messages, opt_outs, dispatcher_events restart identity`.execute(h.db);
});

/** POSTs `body` to /provider/inbound, signed now with SECRET unless `options.signature` says otherwise. */
const postInbound = (body: unknown, options: { signature?: string | null } = {}) =>
  postSigned(base, "/provider/inbound", body, { secret: SECRET, ...options });

/** How many rows the suppression list and the audit trail hold. */
async function stored() {
  const { rows } = await sql<{ optOuts: string; events: string }>`
    select (select count(*) from opt_outs) as opt_outs, (select count(*) from dispatcher_events) as events`.execute(
    h.db,
  );
  return { optOuts: Number(rows[0]!.optOuts), events: Number(rows[0]!.events) };
}

/** The audit trail's opt-out and help events, oldest first. */
async function auditTrail() {
  const res = await callOverSocket<{
    items: { kind: string; actor: string; details: Record<string, unknown> }[];
  }>(base, "GET", "/api/v1/dispatcher/events");
  return res.body.items.filter((e) => e.kind === "opt-out" || e.kind === "help").reverse();
}

/** dispatcher_inbound_messages_total for the generic endpoint and `outcome`, as GET /metrics shows it. */
const inboundCount = (outcome: string) =>
  metricValue(base, `dispatcher_inbound_messages_total{provider="webhook",outcome="${outcome}"}`);

describe("POST /provider/inbound", () => {
  it("a signed STOP puts the sender on the suppression list, and the next message to it is refused 409", async () => {
    const answer = await postInbound({ from: TR, to: "+905559999999", text: "STOP", messageId: "in-1" });
    expect(answer).toEqual({ status: 200, body: { outcome: "stop" } });
    expect(await getOptOut(h.db, TR)).toMatchObject({
      source: "keyword",
      detail: "STOP",
      actor: "recipient",
      reason: "sent STOP through webhook",
    });
    const refused = await callOverSocket(base, "POST", "/api/v1/messages", {
      to: TR,
      content: "Your code is 1234",
    });
    expect(refused.status).toBe(409);
    const entry = await callOverSocket(base, "GET", `/api/v1/opt-outs/${TR}`);
    expect(entry.body).toMatchObject({ source: "keyword", detail: "STOP" });
  });

  it.each(["IPTAL", "İPTAL", "iptal", "ıptal", " Stop ", "stopall", "Unsubscribe", "cancel", "END", "quit"])(
    "%j opts the sender out",
    async (text) => {
      expect((await postInbound({ from: TR, text })).body).toEqual({ outcome: "stop" });
      expect(await getOptOut(h.db, TR)).toMatchObject({ source: "keyword" });
    },
  );

  it("only a whole message is a keyword: a sentence with STOP in it opts nobody out, and is counted ignored", async () => {
    const before = await inboundCount("ignored");
    for (const text of ["we have got to STOP this bill", "STOP!", "please stop", "START now", "help me"]) {
      expect((await postInbound({ from: TR, text })).body).toEqual({ outcome: "ignored" });
    }
    expect(await stored()).toEqual({ optOuts: 0, events: 0 });
    expect(await inboundCount("ignored")).toBe(before + 5);
  });

  it("START takes a keyword's entry off, and a provider's, but never an operator's", async () => {
    await postInbound({ from: TR, text: "STOP" });
    expect((await postInbound({ from: TR, text: "start" })).body).toEqual({ outcome: "start" });
    expect(await getOptOut(h.db, TR)).toBeUndefined();

    const put = await callOverSocket(base, "PUT", `/api/v1/opt-outs/${US}`, { reason: "asked by phone" });
    expect(put.status).toBe(201);
    expect((await postInbound({ from: US, text: "UNSTOP" })).body).toEqual({ outcome: "start" });
    expect(await getOptOut(h.db, US)).toMatchObject({ source: "operator", reason: "asked by phone" });
    // A STOP does not replace the operator's entry either.
    await postInbound({ from: US, text: "STOP" });
    expect(await getOptOut(h.db, US)).toMatchObject({ source: "operator", actor: "ops" });

    await sql`insert into opt_outs (recipient, reason, source, actor)
              values (${TR}, 'provider answered 21610', 'provider', 'provider')`.execute(h.db);
    await postInbound({ from: TR, text: "START" });
    expect(await getOptOut(h.db, TR)).toBeUndefined();
  });

  it("STOP, START and HELP are audited with actor and source, the number masked, never in full", async () => {
    await postInbound({ from: TR, text: "STOP" });
    await postInbound({ from: TR, text: "START" });
    expect((await postInbound({ from: TR, text: "Help" })).body).toEqual({ outcome: "help" });
    expect(await auditTrail()).toMatchObject([
      {
        kind: "opt-out",
        actor: "recipient",
        details: { action: "added", number: "+90555***4567", source: "keyword", detail: "STOP" },
      },
      {
        kind: "opt-out",
        actor: "recipient",
        details: { action: "removed", number: "+90555***4567", source: "keyword", detail: "START" },
      },
      {
        kind: "help",
        actor: "recipient",
        details: { number: "+90555***4567", provider: "webhook", keyword: "HELP" },
      },
    ]);
    expect(JSON.stringify(await auditTrail())).not.toContain("5551234567");
    expect(await getOptOut(h.db, TR)).toBeUndefined();
  });

  it("configured keywords act as the built-in ones", async () => {
    const custom = await startApi({
      settings: {
        receipts: { secrets: [SECRET], toleranceSeconds: 300 },
        inboundKeywords: { stop: ["STOP", "DUR"], start: ["BASLA"], help: ["YARDIM"] },
      },
    });
    try {
      const post = (text: string) =>
        custom.app.inject({
          method: "POST",
          url: "/provider/inbound",
          headers: {
            "content-type": "application/json",
            "x-signature": signPayload(SECRET, JSON.stringify({ from: TR, text })),
          },
          payload: JSON.stringify({ from: TR, text }),
        });
      expect((await post("dur")).json()).toEqual({ outcome: "stop" });
      expect((await post("Başla")).json()).toEqual({ outcome: "start" });
      expect((await post("yardım")).json()).toEqual({ outcome: "help" });
    } finally {
      await custom.close();
    }
  });

  it("unsigned, tampered, stale or wrongly signed: 401, nothing stored, counted unauthenticated", async () => {
    const body = JSON.stringify({ from: TR, text: "STOP" });
    const before = await inboundCount("unauthenticated");
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    const attempts = [
      await postInbound(body, { signature: null }),
      await postInbound(body.replace("STOP", "STOPALL"), { signature: signPayload(SECRET, body) }),
      await postInbound(body, { signature: signPayload(SECRET, body, tenMinutesAgo) }),
      await postInbound(body, { signature: signPayload("w".repeat(40), body) }),
      await postInbound(body, { signature: "t=1,v1=zz" }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    expect(attempts[2]!.body.message).toMatch(/stale/);
    expect(await stored()).toEqual({ optOuts: 0, events: 0 });
    expect(await inboundCount("unauthenticated")).toBe(before + 5);
  });

  it("refuses hostile input, signed, with a 400 naming the field (or 413), and stores nothing", async () => {
    const cases: [unknown, number, string | undefined][] = [
      ['{"from": "+905551234567", "text": "STOP"', 400, undefined],
      ["not json at all", 400, undefined],
      [{ text: "STOP" }, 400, "from"],
      [{ from: TR }, 400, "text"],
      [{ from: "905551234567", text: "STOP" }, 400, "from"],
      [{ from: "+90 555 123 45 67", text: "STOP" }, 400, "from"],
      [{ from: "+905551234567\u0000", text: "STOP" }, 400, "from"],
      [{ from: "+905551234567\nX-Forged: 1", text: "STOP" }, 400, "from"],
      [{ from: TR, text: "STOP\u0000" }, 400, "text"],
      [{ from: TR, text: "\u001b[2JSTOP" }, 400, "text"],
      [{ from: TR, text: "STOP\u0085" }, 400, "text"],
      [{ from: TR, text: 42 }, 400, "text"],
      [{ from: TR, text: "x".repeat(1_601) }, 400, "text"],
      [{ from: TR, text: "STOP", padding: "x".repeat(20_000) }, 413, undefined],
    ];
    for (const [body, status, field] of cases) {
      const answer = await postInbound(body);
      expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      if (field) expect(answer.body.field, JSON.stringify(body).slice(0, 60)).toBe(field);
    }
    expect(await stored()).toEqual({ optOuts: 0, events: 0 });
  });

  it("logs numbers masked, request URLs included, and never a full number or a text, at any level", async () => {
    await postInbound({ from: TR, text: "STOP" });
    await postInbound({ from: TR, text: "we have got to STOP this bill" });
    await postInbound({ from: TR, text: "HELP" });
    await callOverSocket(base, "GET", `/api/v1/opt-outs/${TR}`);
    await callOverSocket(base, "GET", `/api/v1/opt-outs/%2B905551234567`);
    const logs = logText.join("");
    expect(logs).toContain('"number":"+90555***4567"');
    expect(logs).toContain('"url":"/api/v1/opt-outs/+90555***4567"');
    expect(logs).not.toContain("5551234567");
    expect(logs).not.toContain("this bill");
  });
});
