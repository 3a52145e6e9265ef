import type { NewChangeset, VersionType } from "@changesets/types";

/** The CHANGELOG.md headings a release's changes go under, by their bump, in this order. */
const GROUPS: ReadonlyArray<{ bump: VersionType; heading: string }> = [
  { bump: "major", heading: "Breaking changes" },
  { bump: "minor", heading: "Added and changed" },
  { bump: "patch", heading: "Fixed" },
];

const ORDER: Record<VersionType, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The CHANGELOG.md section of release `version`, dated `date` (YYYY-MM-DD): each changeset's
 * summary as one entry, under the heading of the largest bump it asks of any package. Changesets
 * that bump nothing are left out.
 */
export function changelogSection(version: string, date: string, changesets: readonly NewChangeset[]): string {
  const lines = [`## ${version} (${date})`];
  for (const { bump, heading } of GROUPS) {
    const entries = changesets.filter((c) => largestBump(c) === bump).map((c) => entry(c.summary));
    if (entries.length > 0) lines.push("", `### ${heading}`, "", ...entries);
  }
  return `${lines.join("\n")}\n`;
}

/** `changelog` with `section` placed above its newest release (or at its end when it has none). */
export function addSection(changelog: string, section: string): string {
  const at = changelog.search(/^## /m);
  if (at < 0) return `${changelog.trimEnd()}\n\n${section}`;
  return `${changelog.slice(0, at)}${section}\n${changelog.slice(at)}`;
}

function largestBump(changeset: NewChangeset): VersionType {
  return changeset.releases.reduce<VersionType>(
    (max, r) => (ORDER[r.type] > ORDER[max] ? r.type : max),
    "none",
  );
}

/** A summary as a list item; its later lines are indented under it. */
function entry(summary: string): string {
  const [first = "", ...rest] = summary.trim().split("\n");
  return [`- ${first}`, ...rest.map((line) => (line === "" ? "" : `  ${line}`))].join("\n");
}
