import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed webhooks (the provider's delivery receipts to the API): the header
 * `x-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the shared secret>`.
 * A receiver checks the timestamp against its clock (a replay outside the window fails) and the
 * HMAC against each secret it accepts (the current one and, while rotating, the previous one).
 */
export const SIGNATURE_HEADER = "x-signature";

/** The `x-signature` value for `body` sent at `at`. */
export function signPayload(secret: string, body: string | Buffer, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

function hmac(secret: string, t: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
}

/** Why a signature was refused, or `ok`. */
export type SignatureCheck = "ok" | "missing" | "malformed" | "stale" | "mismatch";

/**
 * Checks `header` over the raw `body`: well formed, its timestamp within `toleranceSeconds` of
 * `now`, and its HMAC made with one of `secrets` (compared in constant time).
 */
export function verifySignature(options: {
  header: string | undefined;
  body: string | Buffer;
  secrets: readonly string[];
  toleranceSeconds: number;
  now?: Date;
}): SignatureCheck {
  if (!options.header) return "missing";
  const parts = new Map(
    options.header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!/^\d{1,12}$/.test(parts.get("t") ?? "") || !/^[0-9a-f]{64}$/.test(given)) return "malformed";
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > options.toleranceSeconds) return "stale";
  const expected = Buffer.from(given, "hex");
  const matches = options.secrets
    .filter((secret) => secret !== "")
    .some((secret) => timingSafeEqual(Buffer.from(hmac(secret, t, options.body), "hex"), expected));
  return matches ? "ok" : "mismatch";
}
