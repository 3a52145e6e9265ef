/** The widest a table cell may be before it is cut short with "…". */
const MAX_CELL = 40;

/** A value as one table cell: null and undefined as "-", objects as compact JSON, cut at `max`. */
function cell(value: unknown, max = MAX_CELL): string {
  const raw =
    value === null || value === undefined
      ? "-"
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  // Control characters (a content or error text) would break the table's lines.
  const flat = raw.replace(/\p{Cc}/gu, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Rows under a header, each column as wide as its widest cell. */
function table(columns: readonly string[], rows: unknown[]): string {
  const cells = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(columns), ...cells.map(line)].join("\n");
}

/**
 * An answer for a person: a list (`items`) as a table of `columns` (default: the first item's
 * fields), followed by its next page's cursor; any other object as one `field  value` line per field.
 */
export function renderTable(data: unknown, columns?: readonly string[]): string {
  if (typeof data !== "object" || data === null) return `${cell(data)}\n`;
  const { items, nextCursor, ...rest } = data as { items?: unknown; nextCursor?: unknown };
  if (Array.isArray(items)) {
    if (items.length === 0) return "(none)\n";
    const shown = columns ?? Object.keys((items[0] ?? {}) as object);
    const more = typeof nextCursor === "string" ? `\nmore: --cursor ${nextCursor}` : "";
    return `${table(shown, items)}\n${items.length} shown${more}\n`;
  }
  const fields = Object.entries({ ...(nextCursor === undefined ? {} : { nextCursor }), ...rest });
  const width = Math.max(0, ...fields.map(([k]) => k.length));
  return `${fields.map(([k, v]) => `${k.padEnd(width)}  ${cell(v, Number.POSITIVE_INFINITY)}`).join("\n")}\n`;
}

/** An answer as the CLI prints it: indented JSON, or a table for a person (see renderTable). */
export function render(data: unknown, options: { json: boolean; columns?: readonly string[] }): string {
  return options.json ? `${JSON.stringify(data, null, 2)}\n` : renderTable(data, options.columns);
}
