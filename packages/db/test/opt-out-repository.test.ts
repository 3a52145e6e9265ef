import { ONE_PROVIDER, useTestDatabase } from "@dispatcher/db/testing";
import { describe, expect, it } from "vitest";
import {
  addOptOut,
  claimPending,
  findOptOuts,
  getOptOut,
  insertMessages,
  removeOptOut,
  startSending,
} from "../src/index.js";

const t = useTestDatabase({ truncate: ["messages", "opt_outs"] });

const TR = "+905551111111";

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
    expect((await findOptOuts(t.db, [TR, "+14155552671"])).size).toBe(1);
    expect(await removeOptOut(t.db, TR)).toBe(true);
    expect(await removeOptOut(t.db, TR)).toBe(false);
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
