import { createHmac } from "node:crypto";

/**
 * The keyed hash a message's recipient is found by (`recipient_hash`): HMAC-SHA256 of the E.164
 * number with `key` (RECIPIENT_HASH_KEY), as 64 lower-case hex digits. Without the key, the hash
 * of a number cannot be computed, so the stored hashes cannot be matched against a list of
 * numbers; with another key, every hash differs.
 */
export function recipientHash(key: string, recipient: string): string {
  return createHmac("sha256", key).update(recipient).digest("hex");
}
