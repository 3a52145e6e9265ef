// `pnpm docs:generate` writes .env.example and docs/configuration.md from the config schemas
// (packages/config), so every variable any process reads is listed with its default, its bounds
// and its meaning. `--check` only compares, and fails when either file is out of date (CI runs it).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  apiEnvSpec,
  migrateEnvSpec,
  mockProviderEnvSpec,
  type RangeNote,
  workerEnvSpec,
} from "@dispatcher/config";

interface Spec extends RangeNote {
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
const sorted = [...variables].sort(([a], [b]) => a.localeCompare(b));

/**
 * A default as the variable's text that gives it: a list comma-separated, an empty list or map
 * (`[]`, `{}`) empty, `false` as false. A map with entries has no one text form here: it throws,
 * so such a default gets one before it reaches the docs. Values that depend on the terminal are
 * left out by the callers.
 */
function shown(value: unknown): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return value.map(shown).join(",");
  if (value !== null && typeof value === "object") {
    if (Object.keys(value).length === 0) return "";
    throw new Error(`no text form for the default ${JSON.stringify(value)}: render it in shown()`);
  }
  return String(value);
}

/** The allowed values: choices, or a range validator's bounds (see RangeNote). */
function allowed(spec: Spec): string {
  if (spec.choices) return spec.choices.join(", ");
  if (spec.range) return `${spec.range.min}..${spec.range.max}`;
  return "";
}

function envExample(): string {
  const lines = [
    "# Every setting of the dispatcher's processes, generated from their config schemas by",
    "# `pnpm docs:generate` (do not edit by hand). Copy it to .env and uncomment what you change:",
    "# each process loads the nearest .env at start; variables set in the environment win.",
    "# docs/configuration.md has the same list as a table.",
    "",
  ];
  for (const [key, { spec, usedBy }] of sorted) {
    const notes = [spec.desc ?? ""];
    if (allowed(spec)) notes.push(`${spec.choices ? "one of" : "from"}: ${allowed(spec)}`);
    if (key === "LOG_PRETTY") notes.push("default: true only when stdout is a terminal");
    else if (spec.devDefault !== undefined)
      notes.push(`required with NODE_ENV=production; default otherwise: ${shown(spec.devDefault)}`);
    lines.push(`# ${notes.filter(Boolean).join("; ")} [${usedBy.join(", ")}]`);
    const value = key === "LOG_PRETTY" ? "false" : shown(spec.default ?? spec.devDefault);
    lines.push(`# ${key}=${value}`, "");
  }
  return lines.join("\n");
}

/** A table cell: pipes escaped, code spans for values. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function defaultCell(key: string, spec: Spec): string {
  if (key === "LOG_PRETTY") return "true only when stdout is a terminal";
  if (spec.devDefault !== undefined) return `required in production; \`${shown(spec.devDefault)}\` otherwise`;
  const value = shown(spec.default);
  return value === "" ? "empty" : `\`${value}\``;
}

function configurationDoc(): string {
  const lines = [
    "# Configuration",
    "",
    "<!-- Generated from the config schemas (packages/config) by `pnpm docs:generate`; CI fails when",
    "     it is out of date. Edit the schemas' descriptions, not this file. -->",
    "",
    "Every setting is an environment variable, and each process reads only its own (the **Used by**",
    "column). Each process also loads the nearest `.env` file at start ([.env.example](../.env.example)",
    "lists every variable); variables already set in the environment win, and `DOTENV=off` skips the",
    "file. `NODE_ENV` defaults to `development`, where `PROVIDER_URL` and `PROVIDER_AUTH_KEY` default",
    "to the mock provider; with `NODE_ENV=production` they are required, and the API refuses to run",
    "without `API_KEYS`.",
    "",
    "The lanes' paces (`DISPATCH_INTERVAL_MS` and `DISPATCH_BATCH_SIZE` for bulk,",
    "`TRANSACTIONAL_INTERVAL_MS` and `TRANSACTIONAL_BATCH_SIZE` for transactional, each lane of",
    "`LANES` its own), the content limit (`MESSAGE_MAX_LENGTH`) and `AUTO_START` only seed the state",
    "stored in Postgres: a lane when an API first starts with it, the rest on a fresh deploy. From then",
    "on the stored state is the truth, so restarts keep it, and `PATCH /api/v1/dispatcher` changes it.",
    "In docker-compose.yml, `API_HOST_PORT` and",
    "`MOCK_PROVIDER_HOST_PORT` choose the published host ports (default 3000 and 4010); other",
    "settings go in an override file ([containers.md](containers.md)).",
    "",
    "| Variable | Default | Allowed | Used by | Meaning |",
    "|---|---|---|---|---|",
  ];
  for (const [key, { spec, usedBy }] of sorted) {
    const range = allowed(spec);
    lines.push(
      `| \`${key}\` | ${cell(defaultCell(key, spec))} | ${cell(range)} | ${usedBy.join(", ")} | ${cell(spec.desc ?? "")} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

const files: Array<[string, string]> = [
  [fileURLToPath(new URL("../.env.example", import.meta.url)), envExample()],
  [fileURLToPath(new URL("../docs/configuration.md", import.meta.url)), configurationDoc()],
];

// A default with no text form of its own renders as `[object Object]`: refuse to write or pass it.
const unreadable = files.filter(([, text]) => text.includes("[object "));
for (const [file] of unreadable) {
  process.stderr.write(`${file} would show a default as [object …]: give \`shown\` its text form\n`);
}
if (unreadable.length > 0) process.exit(1);

if (process.argv.includes("--check")) {
  const stale = files.filter(([file, text]) => {
    try {
      return readFileSync(file, "utf8") !== text;
    } catch {
      return true;
    }
  });
  for (const [file] of stale) {
    process.stderr.write(`${file} is out of date with the config schemas: run \`pnpm docs:generate\`\n`);
  }
  if (stale.length > 0) process.exit(1);
  process.stdout.write(".env.example and docs/configuration.md match the config schemas\n");
} else {
  for (const [file, text] of files) writeFileSync(file, text);
  process.stdout.write(`wrote .env.example and docs/configuration.md (${variables.size} variables)\n`);
}
