import { describe, expect, it } from "vitest";
import { receiptPolicyOf } from "../src/receipts/receipt-policy.js";

describe("receiptPolicyOf: which sent messages the workers' receipt sweep turns unknown", () => {
  it("every provider's with the shared receipt endpoint on (RECEIPT_SECRET)", () => {
    expect(
      receiptPolicyOf({ receiptSecret: "s".repeat(40), timeoutMs: 60_000, ownReceipts: ["tw"] }),
    ).toEqual({
      timeoutMs: 60_000,
      providers: null,
    });
  });

  it("only those of the providers that send their own receipts without it", () => {
    expect(receiptPolicyOf({ receiptSecret: "", timeoutMs: 60_000, ownReceipts: ["tw"] })).toEqual({
      timeoutMs: 60_000,
      providers: ["tw"],
    });
  });

  it("none with receipts off: no message turns unknown", () => {
    expect(receiptPolicyOf({ receiptSecret: "", timeoutMs: 60_000, ownReceipts: [] })).toBeNull();
  });
});
