import type { SentCursor } from "@dispatcher/db";

// Opaque keyset cursors (base64url JSON). A cursor names the last item of the previous page.

/** The sent list's cursor: `[sentAt ISO, id]`. */
export function encodeSentCursor(cursor: SentCursor): string {
  return encode([cursor.sentAt.toISOString(), cursor.id]);
}

/** The sent list's cursor, or undefined when `raw` is not one this API issued. */
export function decodeSentCursor(raw: string): SentCursor | undefined {
  const parsed = decode(raw);
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [at, id] = parsed as [unknown, unknown];
  if (typeof at !== "string" || !isId(id)) return undefined;
  const sentAt = new Date(at);
  return isPlausibleTime(sentAt) ? { sentAt, id } : undefined;
}

/** No message was sent before 1970 or after 9999: anything else is a forged cursor (and Postgres may not hold it). */
function isPlausibleTime(at: Date): boolean {
  const ms = at.getTime();
  return !Number.isNaN(ms) && ms >= 0 && at.getUTCFullYear() <= 9999;
}

/** A cursor over id-ordered lists (messages by status, audit events): `{"before": id}`. */
export function encodeIdCursor(id: number): string {
  return encode({ before: id });
}

/** The id to continue below, or undefined when `raw` is not one this API issued. */
export function decodeIdCursor(raw: string): number | undefined {
  const parsed = decode(raw) as { before?: unknown } | undefined;
  return parsed && isId(parsed.before) ? parsed.before : undefined;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function decode(raw: string): unknown {
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
