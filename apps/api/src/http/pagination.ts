import type { SentCursor } from "@dispatcher/db";
import { type TProperties, Type } from "@fastify/type-provider-typebox";
import { invalidCursor } from "./error-handler.js";

// Keyset pagination, the same on every list: `limit` and an opaque `cursor` (base64url JSON that
// names the last item of the previous page) in, `{items, nextCursor}` out.

/** How many items a page holds: `limit`, 1..200; 50 when the request gives none. */
export const PAGE_LIMIT = { min: 1, max: 200, default: 50 } as const;

/**
 * The query parameters every list takes (add a list's own filters with `extra`). `limit` is
 * optional: validation fills in PAGE_LIMIT.default, so a handler's `limit = PAGE_LIMIT.default`
 * only tells TypeScript so.
 */
export function pageQuerySchema<T extends TProperties = Record<never, never>>(extra: T = {} as T) {
  return Type.Object(
    {
      ...extra,
      limit: Type.Optional(
        Type.Integer({
          minimum: PAGE_LIMIT.min,
          maximum: PAGE_LIMIT.max,
          default: PAGE_LIMIT.default,
          description: `At most this many items (${PAGE_LIMIT.min}..${PAGE_LIMIT.max}, default ${PAGE_LIMIT.default})`,
        }),
      ),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    },
    { additionalProperties: false },
  );
}

/**
 * The `cursor` parameter decoded by `decode`; undefined when there is none. A cursor this API did
 * not issue is a 400 naming `cursor`.
 */
export function readCursor<C>(
  raw: string | undefined,
  decode: (raw: string) => C | undefined,
): C | undefined {
  if (raw === undefined) return undefined;
  const cursor = decode(raw);
  if (cursor === undefined) throw invalidCursor();
  return cursor;
}

/** A page: `rows` as items, and the next page's cursor when the page is full (null on the last one). */
export function pageOf<Row, Item>(
  rows: Row[],
  page: { limit: number; toItem: (row: Row) => Item; cursorAfter: (last: Row) => string },
): { items: Item[]; nextCursor: string | null } {
  const { limit, toItem, cursorAfter } = page;
  const last = rows.at(-1);
  return { items: rows.map(toItem), nextCursor: rows.length === limit && last ? cursorAfter(last) : null };
}

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

/** A cursor over number-ordered lists (number rules): `{"after": number}`. */
export function encodeNumberCursor(number: string): string {
  return encode({ after: number });
}

/** The number to continue after, or undefined when `raw` is not one this API issued. */
export function decodeNumberCursor(raw: string): string | undefined {
  const parsed = decode(raw) as { after?: unknown } | undefined;
  return typeof parsed?.after === "string" && /^\+[1-9]\d{6,14}$/.test(parsed.after)
    ? parsed.after
    : undefined;
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
