import { type Invocation, integer, type Outcome, outcomeOf, UsageError } from "./invocation.js";

/** A keyset-paginated answer of the API: a page of items and the next page's cursor (null on the last). */
interface Page {
  items: unknown[];
  nextCursor: string | null;
}

/** The API's page size range (`limit` 1..200): larger values are refused before any request. */
const MAX_PAGE = 200;

/**
 * One page (`--limit`, `--cursor`), or with `--all` every page from there on, fetched one after
 * another and answered as one `{items, nextCursor: null}`. Stops at the first refusal, answering it.
 */
export async function readPages(
  invocation: Invocation,
  fetchPage: (query: { limit?: number; cursor?: string }) => Promise<{
    data?: unknown;
    error?: unknown;
    response: Response;
  }>,
  columns: readonly string[],
): Promise<Outcome> {
  const limit = integer("limit", invocation.option("limit"));
  if (limit !== undefined && (limit < 1 || limit > MAX_PAGE)) {
    throw new UsageError(`--limit must be 1..${MAX_PAGE}, got ${limit}`);
  }
  let cursor = invocation.option("cursor");
  const query = (): { limit?: number; cursor?: string } => ({
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  if (!invocation.flag("all")) return outcomeOf(await fetchPage(query()), columns);
  const items: unknown[] = [];
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    const answer = await fetchPage(query());
    if (!answer.response.ok) return outcomeOf(answer);
    const { items: more, nextCursor } = answer.data as Page;
    items.push(...more);
    // A cursor seen before would repeat pages forever: the list ends there.
    if (nextCursor === null || seen.has(nextCursor)) break;
    seen.add(nextCursor);
    cursor = nextCursor;
    invocation.progress(`page ${page}: ${items.length} so far`);
  }
  return { ok: true, data: { items, nextCursor: null }, columns };
}
