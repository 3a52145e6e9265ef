// `pnpm --filter @dispatcher/client generate` (part of `pnpm docs:generate`): writes
// src/openapi.ts, the API's paths and schemas as TypeScript types, from docs/openapi.json with
// openapi-typescript. `--check` writes nothing and fails when the file is out of date (CI runs it).
// openapi-typescript builds its output with TypeScript 5's compiler API, which TypeScript 7 no
// longer has: this package alone has TypeScript 5 as a dev dependency, for that.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const SOURCE = new URL("../../../docs/openapi.json", import.meta.url);
const TARGET = fileURLToPath(new URL("../src/openapi.ts", import.meta.url));
const HEADER =
  "// Generated from docs/openapi.json by `pnpm docs:generate` (openapi-typescript); do not edit.\n\n";

const ast = await openapiTS(JSON.parse(readFileSync(SOURCE, "utf8")), { alphabetize: true });
const text = HEADER + astToString(ast);
let current = "";
try {
  current = readFileSync(TARGET, "utf8");
} catch {}
if (current === text) {
  process.stdout.write("packages/client/src/openapi.ts matches docs/openapi.json\n");
} else if (process.argv.includes("--check")) {
  process.stderr.write("packages/client/src/openapi.ts is out of date: run `pnpm docs:generate`\n");
  process.exit(1);
} else {
  writeFileSync(TARGET, text);
  process.stdout.write("wrote packages/client/src/openapi.ts\n");
}
