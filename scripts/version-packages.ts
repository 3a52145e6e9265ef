// `pnpm version-packages`: turns the changesets in .changeset/ into the next release. It reads
// them, lets `changeset version` give every workspace package the new version (one `fixed`
// group) and delete them, gives the root package.json and docker-compose.yml's default VERSION
// build argument the same version, and writes the release's section at the top of CHANGELOG.md. Review the result, then commit it (see
// CONTRIBUTING.md, "Releases").
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readChangesets } from "@changesets/read";
import { addSection, changelogSection } from "./release/changelog-section.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const changesets = await readChangesets(root);
if (changesets.length === 0) {
  console.error("no changesets in .changeset/: nothing to release (add one with `pnpm changeset`)");
  process.exit(1);
}
execFileSync("pnpm", ["exec", "changeset", "version"], { cwd: root, stdio: "inherit" });

const { version } = JSON.parse(readFileSync(`${root}apps/api/package.json`, "utf8")) as { version: string };
const rootPackage = `${root}package.json`;
writeFileSync(
  rootPackage,
  readFileSync(rootPackage, "utf8").replace(/^( {2}"version": )"[^"]*"/m, `$1"${version}"`),
);
const compose = `${root}docker-compose.yml`;
writeFileSync(
  compose,
  readFileSync(compose, "utf8").replace(/^( +VERSION: \$\{VERSION:-)[^}]*\}/m, `$1${version}}`),
);
const changelog = `${root}CHANGELOG.md`;
const today = new Date().toISOString().slice(0, 10);
writeFileSync(
  changelog,
  addSection(readFileSync(changelog, "utf8"), changelogSection(version, today, changesets)),
);
console.log(`version ${version}: every package.json, docker-compose.yml and CHANGELOG.md updated`);
