/** The plan's scan lines (which index or sequential scan reads what, and what it threw away), trimmed. */
export function scanLines(plan: string): string[] {
  return plan
    .split("\n")
    .filter((line) => /Scan|Rows Removed|Execution Time/.test(line))
    .map((line) =>
      line
        .replace(/^\s*->\s*/, "")
        .replace(/\s+\(cost=[^)]*\)/, "")
        .trim(),
    );
}
