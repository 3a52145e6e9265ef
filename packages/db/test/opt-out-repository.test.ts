import { RECIPIENT_OPT_OUT_SOURCES } from "@dispatcher/core";
import { ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { describe, expect, it } from "vitest";
import {
  addOptOut,
  claimPending,
  getOptOut,
  insertMessages,
  listDispatcherEvents,
  recordHelpRequest,
  removeOptOut,
  startSending,
} from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages", "opt_outs", "dispatcher_events"] });

const TR = "+905551111111";
const US = "+14155552671";

describe("the suppression list", () => {
  it("adds a number once, then updates its reason; removes it", async () => {
    const first = await addOptOut(t.db, { recipient: TR, reason: "asked", source: "operator", actor: "ops" });
    expect(first).toMatchObject({
      created: true,
      optOut: { recipient: TR, reason: "asked", source: "operator" },
    });
    const again = await addOptOut(t.db, {
      recipient: TR,
      reason: "asked twice",
      source: "operator",
      actor: "ops",
    });
    expect(again).toMatchObject({ created: false, optOut: { reason: "asked twice" } });
    expect((await getOptOut(t.db, TR))?.reason).toBe("asked twice");
    expect(await removeOptOut(t.db, TR, { actor: "ops", source: "operator" })).toMatchObject({
      recipient: TR,
    });
    expect(await removeOptOut(t.db, TR, { actor: "ops", source: "operator" })).toBeUndefined();
    expect(await getOptOut(t.db, TR)).toBeUndefined();
  });

  it("a provider's entry never replaces an operator's reason", async () => {
    await addOptOut(t.db, { recipient: TR, reason: "asked by phone", source: "operator", actor: "ops" });
    const provider = await addOptOut(t.db, {
      recipient: TR,
      reason: "provider answered 400: unsubscribed",
      source: "provider",
      actor: "provider",
    });
    expect(provider).toMatchObject({
      created: false,
      optOut: { reason: "asked by phone", source: "operator" },
    });
  });

  it("a provider's entry replaces another provider's; an operator's replaces a provider's; {} keeps a reason", async () => {
    await addOptOut(t.db, {
      recipient: TR,
      reason: "unsubscribed (1)",
      source: "provider",
      actor: "provider",
    });
    const second = await addOptOut(t.db, {
      recipient: TR,
      reason: "unsubscribed (2)",
      source: "provider",
      actor: "provider",
    });
    expect(second.optOut).toMatchObject({ reason: "unsubscribed (2)", source: "provider" });
    const operator = await addOptOut(t.db, {
      recipient: TR,
      reason: "asked by phone",
      source: "operator",
      actor: "ops",
    });
    expect(operator.optOut).toMatchObject({ reason: "asked by phone", source: "operator", actor: "ops" });
    const kept = await addOptOut(t.db, { recipient: TR, source: "operator", actor: "billing" });
    expect(kept).toMatchObject({ created: false, optOut: { reason: "asked by phone", actor: "billing" } });
    const fresh = await addOptOut(t.db, { recipient: "+14155552671", source: "operator", actor: "ops" });
    expect(fresh).toMatchObject({ created: true, optOut: { reason: "added by ops" } });
  });

  it("a keyword's entry replaces a provider's or a keyword's, never an operator's", async () => {
    await addOptOut(t.db, { recipient: TR, reason: "unsubscribed", source: "provider", actor: "provider" });
    const keyword = await addOptOut(t.db, {
      recipient: TR,
      reason: "replied STOP",
      source: "keyword",
      detail: "STOP",
      actor: "recipient",
    });
    expect(keyword.optOut).toMatchObject({ source: "keyword", detail: "STOP", actor: "recipient" });
    await addOptOut(t.db, { recipient: US, reason: "asked by phone", source: "operator", actor: "ops" });
    const kept = await addOptOut(t.db, {
      recipient: US,
      reason: "replied IPTAL",
      source: "keyword",
      detail: "IPTAL",
      actor: "recipient",
    });
    expect(kept.optOut).toMatchObject({ source: "operator", detail: null, reason: "asked by phone" });
  });

  it("a recipient's removal takes off keyword and provider entries only", async () => {
    const start = {
      actor: "recipient",
      source: "keyword",
      detail: "START",
      from: RECIPIENT_OPT_OUT_SOURCES,
    } as const;
    await addOptOut(t.db, {
      recipient: TR,
      reason: "replied STOP",
      source: "keyword",
      detail: "STOP",
      actor: "recipient",
    });
    await addOptOut(t.db, { recipient: US, reason: "asked by phone", source: "operator", actor: "ops" });
    expect(await removeOptOut(t.db, TR, start)).toMatchObject({ source: "keyword" });
    expect(await removeOptOut(t.db, US, start)).toBeUndefined();
    expect(await getOptOut(t.db, US)).toMatchObject({ source: "operator" });
    await addOptOut(t.db, { recipient: TR, reason: "unsubscribed", source: "provider", actor: "provider" });
    expect(await removeOptOut(t.db, TR, start)).toMatchObject({ source: "provider" });
  });

  it("audits every change with the number masked, and no change when an operator's entry is kept", async () => {
    await addOptOut(t.db, { recipient: TR, reason: "asked", source: "operator", actor: "ops" });
    await addOptOut(t.db, { recipient: TR, source: "keyword", detail: "STOP", actor: "recipient" });
    await addOptOut(t.db, { recipient: TR, source: "operator", actor: "billing" });
    await addOptOut(t.db, { recipient: TR, reason: "asked", source: "operator", actor: "billing" });
    await removeOptOut(t.db, TR, { actor: "ops", source: "operator" });
    await removeOptOut(t.db, TR, { actor: "ops", source: "operator" });
    await recordHelpRequest(t.db, { recipient: US, provider: "tw", keyword: "HELP" });
    const events = (await listDispatcherEvents(t.db, { limit: 10 })).reverse();
    expect(events.map((e) => [e.kind, e.actor, e.details])).toEqual([
      ["opt-out", "ops", { action: "added", number: "+90555***1111", source: "operator", detail: null }],
      [
        "opt-out",
        "billing",
        { action: "updated", number: "+90555***1111", source: "operator", detail: null },
      ],
      [
        "opt-out",
        "ops",
        { action: "removed", number: "+90555***1111", source: "operator", detail: null, was: "operator" },
      ],
      ["help", "recipient", { number: "+1415***2671", provider: "tw", keyword: "HELP" }],
    ]);
    expect(JSON.stringify(events)).not.toContain("5551111111");
  });

  it("startSending says, in the same statement, why a recipient is suppressed", async () => {
    const [a, b] = await insertMessages(t.db, [
      { recipient: TR, content: "one" },
      { recipient: "+14155552671", content: "two" },
    ]);
    await addOptOut(t.db, { recipient: TR, reason: "asked", source: "operator", actor: "ops" });
    await claimPending(t.db, 10, "bulk");
    const rows = await startSending(t.db, [a!.id, b!.id], ONE_PROVIDER);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a!.id)?.optOutReason).toBe("asked");
    expect(byId.get(b!.id)?.optOutReason).toBeNull();
  });
});
