import { readFileSync } from "node:fs";

/**
 * Handles `--version`: when it is among `argv`, prints the `version` of the package.json at
 * `packageJsonUrl` and exits 0. Call it first in every process's main.
 */
export function exitIfVersionRequested(packageJsonUrl: URL, argv: readonly string[] = process.argv): void {
  if (!argv.includes("--version")) return;
  const pkg = JSON.parse(readFileSync(packageJsonUrl, "utf8")) as { name: string; version: string };
  process.stdout.write(`${pkg.name} ${pkg.version}\n`);
  process.exit(0);
}

/** The `version` field of the package.json at `packageJsonUrl`. */
export function readVersion(packageJsonUrl: URL): string {
  return (JSON.parse(readFileSync(packageJsonUrl, "utf8")) as { version: string }).version;
}
