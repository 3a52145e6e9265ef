import { claimPending, getMessage, recordAttemptError, retryFailed, startSending } from "@dispatcher/db";
import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// What each kind of provider guarantees about sending twice, through the real adapters against
// the mock provider's Twilio and AWS dialects over HTTP.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const row = async (id: number) => (await getMessage(h!.db, id))!;

describe("a provider that neither deduplicates nor can be asked (aws-sms)", () => {
  it("an unclear answer (500 after accepting) ends the message unconfirmed after one request; an operator's retry sends it again", async () => {
    h = await startHarness({ kinds: { primary: "aws-sms" }, sendAttempts: 5, batchSize: 1 });
    await h.setSwitches({ failAfterAcceptRate: 1 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect((await row(id!)).status).toBe("unconfirmed"), 15_000);
    const [record] = (await h.received()).received;
    expect(record).toMatchObject({ sends: 1, requests: 1 });
    expect((await row(id!)).lastError).toMatch(/AWS answered 500/);
    // The operator decides it may go again: it does, to the same provider.
    await h.setSwitches({ failAfterAcceptRate: 0 });
    // As the API's retry does: the finished job goes first, so the claim enqueues a new one.
    await h.queues.send.remove(`msg-${id}`);
    expect(await retryFailed(h.db, id!, "ops")).toBeDefined();
    await h.tick();
    await eventually(async () => expect((await row(id!)).status).toBe("sent"), 15_000);
    expect((await h.received()).received[0]).toMatchObject({ sends: 2 });
  });

  it("a message bound there whose attempts are spent ends unconfirmed, not failed", async () => {
    h = await startHarness({ kinds: { primary: "aws-sms" }, sendAttempts: 1, batchSize: 1 });
    const [id] = await h.addMessages(1);
    // As a worker that died mid-request leaves it: one attempt started, nothing recorded but an error.
    await claimPending(h.db, 1, "bulk");
    await startSending(h.db, [id!], { names: ["primary"], weights: [1] });
    await recordAttemptError(h.db, { id: id!, error: "worker died mid-request" });
    await h.workers[0]!.sendWorker.waitUntilReady();
    await h.queues.send.add("send", { messageId: id!, maxLength: 160 }, { jobId: `msg-${id}` });
    await eventually(async () => expect((await row(id!)).status).toBe("unconfirmed"), 15_000);
    expect((await h.received()).counters.requests).toBe(0);
  });

  it("with atLeastOnce, an unclear answer is sent again", async () => {
    h = await startHarness({
      kinds: { primary: "aws-sms" },
      atLeastOnce: true,
      sendAttempts: 5,
      batchSize: 1,
    });
    await h.setSwitches({ failAfterAcceptRate: 1 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(
      async () => expect((await h!.received()).received[0]?.sends).toBeGreaterThanOrEqual(2),
      15_000,
    );
    await h.setSwitches({ failAfterAcceptRate: 0 });
    await eventually(async () => expect((await row(id!)).status).toBe("sent"), 15_000);
  });
});

describe("a provider that can be asked (twilio)", () => {
  it("a dropped connection after Twilio took the message: the next attempt finds it and records it sent, never sending it twice", async () => {
    h = await startHarness({ kinds: { primary: "twilio" }, sendAttempts: 5, batchSize: 3 });
    await h.setSwitches({ dropRate: 1 });
    const ids = await h.addMessages(3);
    await h.tick();
    await eventually(async () => expect((await h!.received()).received).toHaveLength(3), 15_000);
    await h.setSwitches({ dropRate: 0 });
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 15_000);
    const { received, counters } = await h.received();
    expect(counters.doubleSends).toBe(0);
    expect(received.every((r) => r.sends === 1)).toBe(true);
    // Each message records the sid Twilio gave the one request it took.
    const sids = new Set(received.map((r) => r.messageId));
    for (const id of ids) expect(sids.has((await row(id)).providerMessageId!)).toBe(true);
  });
});

describe("a refusal of the provider's own account", () => {
  it("credentials refused (401): the message goes to another provider that reaches it, and the refusing one counts as failing", async () => {
    h = await startHarness({
      providers: ["b"],
      routing: { b: { weight: 0 } },
      sendAttempts: 3,
      batchSize: 2,
    });
    await h.setSwitches({ failStatus: 401, failRate: 1 });
    const ids = await h.addMessages(2);
    await h.tick();
    await eventually(async () => expect(new Set(await h!.statuses(ids))).toEqual(new Set(["sent"])), 15_000);
    for (const id of ids) expect((await row(id)).provider).toBe("b");
  });

  it("with no other provider for the number, it fails at once", async () => {
    h = await startHarness({ sendAttempts: 3, batchSize: 1 });
    await h.setSwitches({ failStatus: 401, failRate: 1 });
    const [id] = await h.addMessages(1);
    await h.tick();
    await eventually(async () => expect((await row(id!)).status).toBe("failed"), 15_000);
    expect((await h.answers()).length).toBe(1);
  });
});
