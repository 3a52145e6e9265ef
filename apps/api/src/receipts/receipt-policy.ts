import type { ReceiptPolicy } from "@dispatcher/db";

/**
 * The receipt policy an API's settings make (see ReceiptPolicy), which the workers' receipt sweep
 * follows: with the shared receipt endpoint on (RECEIPT_SECRET), every provider's messages wait
 * `timeoutMs` for a receipt; without it, only those of the providers that send receipts their own
 * way (`ownReceipts`); with neither, receipts are off (null) and no message turns unknown.
 */
export function receiptPolicyOf(settings: {
  receiptSecret: string;
  timeoutMs: number;
  ownReceipts: readonly string[];
}): ReceiptPolicy | null {
  if (settings.receiptSecret !== "") return { timeoutMs: settings.timeoutMs, providers: null };
  if (settings.ownReceipts.length > 0)
    return { timeoutMs: settings.timeoutMs, providers: settings.ownReceipts };
  return null;
}
