// `pnpm check:generated` (with the configuration doc): every repo path the docs name in backticks
// (`apps/…`, `packages/…`, `faults/…`, `bench/…`, `compose/…`, `infra/…`, `scripts/…`, `docs/…`)
// exists (build output under `dist/` aside), so a file that moves cannot leave the README or docs/ pointing at nothing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const files = [
  "README.md",
  ...readdirSync(`${root}docs`)
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const PATH = /`((?:apps|packages|faults|bench|compose|infra|scripts|docs)\/[A-Za-z0-9_.\-/]+)`/g;

const missing: string[] = [];
for (const file of files) {
  for (const [, path = ""] of readFileSync(`${root}${file}`, "utf8").matchAll(PATH)) {
    if (!path.includes("/dist/") && !existsSync(`${root}${path}`)) missing.push(`${file}: ${path}`);
  }
}
if (missing.length > 0) {
  console.error(`Paths named in the docs that do not exist:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
console.log(`${files.length} docs checked: every repo path they name exists`);
