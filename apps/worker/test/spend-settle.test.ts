import { sendJobId } from "@dispatcher/core";
import { getMessage, insertMessages, replaceSpendPrices, retryFailed } from "@dispatcher/db";
import { eventually } from "@dispatcher/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

// The send path settles and releases what intake reserved (the spend trigger, see 0005-spend):
// a message sent costs segments × the price of the provider that accepted it; a failed one
// releases its reservation; a retry reserves it again.

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Stores priced messages as intake would (estimate 0.05 a segment, API key `shop`). */
async function addPriced(recipients: string[], segments = 2): Promise<number[]> {
  const rows = await insertMessages(
    h!.db,
    recipients.map((to, i) => ({
      recipient: to,
      content: `m${i}`,
      segments,
      country: "TR",
      apiKey: "shop",
      estimatedCost: (0.05 * segments).toFixed(2),
    })),
  );
  return rows.map((r) => r.id);
}

async function ledger(scope: string) {
  const row = await h!.db
    .selectFrom("spendLedger")
    .select(["spent", "reserved"])
    .where("scope", "=", scope)
    .where("period", "=", "day")
    .executeTakeFirstOrThrow();
  return { spent: row.spent, reserved: row.reserved };
}

describe("spend on the send path", () => {
  it("settles each sent message at the accepting provider's price and releases the failed ones", async () => {
    h = await startHarness({ batchSize: 5 });
    await replaceSpendPrices(h.db, {
      prices: [
        { provider: "primary", country: "*", price: "0.05" },
        { provider: "primary", country: "TR", price: "0.012" },
      ],
      actor: "ops",
    });
    await h.setSwitches({ failRecipients: { "+905550000001": 400 } });
    const ids = await addPriced(["+905550000001", "+905550000002", "+905550000003"]);
    expect(await ledger("shop")).toEqual({ spent: "0.000000", reserved: "0.300000" });
    await h.tick();
    await eventually(async () => expect(await h!.statuses(ids)).toEqual(["failed", "sent", "sent"]));
    expect((await getMessage(h.db, ids[1]!))!.cost).toBe("0.024000");
    expect(await ledger("shop")).toEqual({ spent: "0.048000", reserved: "0.000000" });
    expect(await ledger("*")).toEqual({ spent: "0.048000", reserved: "0.000000" });

    // A retry reserves again; sending it settles it.
    await h.setSwitches({ failRecipients: {} });
    await h.queues.send.remove(sendJobId(ids[0]!)); // as the API's retry does
    expect(await retryFailed(h.db, ids[0]!, "ops")).toBeDefined();
    expect(await ledger("shop")).toEqual({ spent: "0.048000", reserved: "0.100000" });
    await h.tick();
    await eventually(async () => expect(await h!.statuses([ids[0]!])).toEqual(["sent"]));
    expect(await ledger("shop")).toEqual({ spent: "0.072000", reserved: "0.000000" });
  });

  it("settles with the segments the provider counted, where its answer says (Twilio's num_segments)", async () => {
    h = await startHarness({ kinds: { primary: "twilio" } });
    await replaceSpendPrices(h.db, {
      prices: [{ provider: "primary", country: "*", price: "0.01" }],
      actor: "ops",
    });
    // Intake counted one segment; Twilio counts the 71 UCS-2 characters as two.
    const [id] = (
      await insertMessages(h.db, [
        {
          recipient: "+905550000001",
          content: "ж".repeat(71),
          segments: 1,
          estimatedCost: "0.01",
          apiKey: "shop",
        },
      ])
    ).map((m) => m.id);
    await h.tick();
    await eventually(async () => expect(await h!.statuses([id!])).toEqual(["sent"]));
    expect(await getMessage(h.db, id!)).toMatchObject({ segments: 2, cost: "0.020000" });
    expect(await ledger("shop")).toEqual({ spent: "0.020000", reserved: "0.000000" });
  });
});
