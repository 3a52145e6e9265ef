import { readFileSync } from "node:fs";
import {
  DEFAULT_PROVIDER_ROUTING,
  isCountryCode,
  PROVIDER_NAME_PATTERN,
  PROVIDER_ROUTING_LIMITS,
  type ProviderEntry,
  type ProviderRouting,
  Secret,
} from "@dispatcher/core";
import { ConfigError } from "./config-error.js";
import type { EnvSource } from "./env-source.js";

/**
 * The adapter kinds a process can build, and the check of a kind's own settings (every problem
 * as `field message`; empty when they pass, defaults filled in): @dispatcher/providers'
 * ADAPTER_SETTINGS_CHECK, passed in so the config knows no adapter.
 */
export interface AdapterSettingsCheck {
  kinds: readonly string[];
  check: (kind: string, settings: Record<string, unknown>) => string[];
}

/** The fields every PROVIDERS entry may have; any other field belongs to its adapter kind. */
const COMMON_FIELDS = ["name", "kind", "countries", "weight", "maxPerSecond", "burst", "atLeastOnce"];

/**
 * Reads PROVIDERS: a JSON array of provider entries (see docs/providers.md), each with a `name`,
 * an adapter `kind`, optional routing (`countries`, `weight`, `maxPerSecond`, `burst`),
 * `atLeastOnce`, and its kind's own fields. A credential is written `{"env": "NAME"}` or
 * `{"file": "/path"}` and read here (from `env`, or the file with its trailing newline dropped)
 * into a Secret; the kind's own fields are checked by `adapters`. Throws one ConfigError naming
 * every bad field of every entry.
 */
export function readProviders(json: string, env: EnvSource, adapters: AdapterSettingsCheck): ProviderEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`PROVIDERS: must be a JSON array of providers (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ConfigError("PROVIDERS: must be a non-empty JSON array of providers (see docs/providers.md)");
  }
  const problems: string[] = [];
  const entries: ProviderEntry[] = [];
  const names = new Set<string>();
  for (const [index, raw] of parsed.entries()) {
    const where = `PROVIDERS[${index}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push(`${where}: must be an object`);
      continue;
    }
    const fields = raw as Record<string, unknown>;
    const said = (message: string) => problems.push(`${where}${nameOf(fields)}: ${message}`);
    const name = fields.name;
    if (typeof name !== "string" || !PROVIDER_NAME_PATTERN.test(name)) {
      said("name must be 1-32 lower-case letters, digits or dashes, starting with a letter");
    } else if (names.has(name)) {
      said(`name "${name}" is given twice`);
    } else {
      names.add(name);
    }
    const kind =
      typeof fields.kind === "string" && adapters.kinds.includes(fields.kind) ? fields.kind : undefined;
    if (!kind) {
      said(`kind must be one of ${adapters.kinds.join(", ")}`);
      continue;
    }
    const routing = readRouting(fields, said);
    if (fields.atLeastOnce !== undefined && typeof fields.atLeastOnce !== "boolean") {
      said("atLeastOnce must be true or false");
    }
    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (!COMMON_FIELDS.includes(key)) settings[key] = readSecrets(value, env, (m) => said(`${key}: ${m}`));
    }
    for (const problem of adapters.check(kind, settings)) said(problem);
    entries.push({
      name: name as string,
      kind,
      routing,
      atLeastOnce: fields.atLeastOnce === true,
      settings,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
  return entries;
}

/** ` (name "x")` when the entry has a usable name, for messages. */
function nameOf(fields: Record<string, unknown>): string {
  return typeof fields.name === "string" && fields.name.length <= 32 ? ` (${fields.name})` : "";
}

/** An entry's routing, its defaults filled in; bad values go to `said`. */
function readRouting(fields: Record<string, unknown>, said: (message: string) => void): ProviderRouting {
  const routing = { ...DEFAULT_PROVIDER_ROUTING, countries: [] as string[] };
  if (fields.countries !== undefined) {
    const countries = fields.countries;
    if (!Array.isArray(countries) || !countries.every((c) => typeof c === "string" && isCountryCode(c))) {
      said('countries must be an array of ISO 3166-1 alpha-2 codes such as ["TR", "DE"]');
    } else {
      routing.countries = [...new Set(countries as string[])];
    }
  }
  for (const key of ["weight", "maxPerSecond", "burst"] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    const { min, max } = PROVIDER_ROUTING_LIMITS[key];
    const whole = key !== "maxPerSecond";
    if (typeof value !== "number" || value < min || value > max || (whole && !Number.isInteger(value))) {
      said(`${key} must be ${whole ? "an integer" : "a number"} from ${min} to ${max}`);
    } else {
      routing[key] = value;
    }
  }
  return routing;
}

/**
 * `value` with every `{"env": NAME}` and `{"file": PATH}` object in it read into a Secret;
 * a variable that is unset or empty, or a file that cannot be read, goes to `said`.
 */
function readSecrets(value: unknown, env: EnvSource, said: (message: string) => void): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => readSecrets(v, env, said));
  const keys = Object.keys(value);
  const reference = value as { env?: unknown; file?: unknown };
  if (keys.length === 1 && typeof reference.env === "string") {
    const read = env[reference.env];
    if (read === undefined || read === "") said(`environment variable ${reference.env} is not set`);
    return new Secret(read ?? "", `env ${reference.env}`);
  }
  if (keys.length === 1 && typeof reference.file === "string") {
    try {
      return new Secret(readFileSync(reference.file, "utf8").replace(/\r?\n$/, ""), `file ${reference.file}`);
    } catch (error) {
      said(`cannot read ${reference.file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return new Secret("", `file ${reference.file}`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readSecrets(v, env, said)]));
}
