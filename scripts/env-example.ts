// `pnpm env:example` writes .env.example from the config schemas (packages/config), so every
// variable any process reads is listed with its description and default. `--check` only
// compares, and fails when the file is out of date (CI runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { apiEnvSpec, migrateEnvSpec, mockProviderEnvSpec, workerEnvSpec } from "@dispatcher/config";

interface Spec {
  default?: unknown;
  devDefault?: unknown;
  desc?: string;
  choices?: readonly unknown[];
}

const processes: Array<[string, Record<string, Spec>]> = [
  ["migrate", migrateEnvSpec],
  ["api", apiEnvSpec],
  ["worker", workerEnvSpec],
  ["mock-provider", mockProviderEnvSpec],
];

const variables = new Map<string, { spec: Spec; usedBy: string[] }>();
for (const [name, spec] of processes) {
  for (const [key, value] of Object.entries(spec)) {
    const entry = variables.get(key) ?? { spec: value, usedBy: [] };
    entry.usedBy.push(name);
    variables.set(key, entry);
  }
}

/** How a default reads in the file; values that depend on the terminal are left out. */
function shown(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

const lines = [
  "# Every setting of the dispatcher's processes, generated from their config schemas by",
  "# `pnpm env:example` (do not edit by hand). Copy it to .env and uncomment what you change:",
  "# each process loads the nearest .env at start; variables set in the environment win.",
  "",
];
for (const [key, { spec, usedBy }] of [...variables].sort(([a], [b]) => a.localeCompare(b))) {
  const notes = [spec.desc ?? ""];
  if (spec.choices) notes.push(`one of: ${spec.choices.join(", ")}`);
  if (key === "LOG_PRETTY") notes.push("default: true only when stdout is a terminal");
  else if (spec.devDefault !== undefined)
    notes.push(`required with NODE_ENV=production; default otherwise: ${shown(spec.devDefault)}`);
  lines.push(`# ${notes.filter(Boolean).join("; ")} [${usedBy.join(", ")}]`);
  const value = key === "LOG_PRETTY" ? "false" : shown(spec.default ?? spec.devDefault);
  lines.push(`# ${key}=${value}`, "");
}
const text = lines.join("\n");

const file = fileURLToPath(new URL("../.env.example", import.meta.url));
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  if (current !== text) {
    process.stderr.write(".env.example is out of date with the config schemas: run `pnpm env:example`\n");
    process.exit(1);
  }
  process.stdout.write(".env.example matches the config schemas\n");
} else {
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file} (${variables.size} variables)\n`);
}
