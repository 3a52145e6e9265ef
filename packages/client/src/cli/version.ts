import { readFileSync } from "node:fs";

/**
 * The package's version, read at run time from its own package.json, which sits two folders up
 * from this file both in src/cli and in dist/cli.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String((manifest as { version?: unknown }).version);
}
