import type { SentCursor } from "@dispatcher/db";

/**
 * Opaque keyset cursors for the sent list: base64url of `[sentAt ISO, id]`. A cursor names the
 * last item of the previous page.
 */
export function encodeSentCursor(cursor: SentCursor): string {
  return Buffer.from(JSON.stringify([cursor.sentAt.toISOString(), cursor.id])).toString("base64url");
}

/** The cursor, or undefined when `raw` is not one this API issued. */
export function decodeSentCursor(raw: string): SentCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [at, id] = parsed as [unknown, unknown];
    if (typeof at !== "string" || typeof id !== "number" || !Number.isSafeInteger(id) || id < 1)
      return undefined;
    const sentAt = new Date(at);
    if (Number.isNaN(sentAt.getTime())) return undefined;
    return { sentAt, id };
  } catch {
    return undefined;
  }
}
