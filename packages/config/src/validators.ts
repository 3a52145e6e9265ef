import { isIP } from "node:net";
import { foldKeyword, isCountryCode } from "@dispatcher/core";
import { EnvError, makeValidator } from "envalid";

/**
 * The bounds of a range validator's spec, read by `pnpm docs:generate` to write them into
 * docs/configuration.md and .env.example.
 */
export interface RangeNote {
  range?: { min: number; max: number };
}

/** `validator` whose specs also carry `range` (see RangeNote); its types are unchanged. */
function withRange<V extends (spec?: never) => object>(validator: V, min: number, max: number): V {
  return ((spec?: never) => Object.assign(validator(spec), { range: { min, max } })) as V;
}

/**
 * An integer environment variable within [min, max] inclusive.
 * Rejects fractions, blanks and out-of-range values with a message naming the bounds.
 */
export function intInRange(min: number, max: number) {
  const validator = makeValidator<number>((input: string) => {
    const value = Number(input);
    if (input.trim() === "" || !Number.isInteger(value) || value < min || value > max) {
      throw new EnvError(`must be an integer from ${min} to ${max}, got "${input}"`);
    }
    return value;
  });
  return withRange(validator, min, max);
}

/** A number within [min, max] inclusive (fractions allowed). */
export function numberInRange(min: number, max: number) {
  const validator = makeValidator<number>((input: string) => {
    const value = Number(input);
    if (input.trim() === "" || Number.isNaN(value) || value < min || value > max) {
      throw new EnvError(`must be a number from ${min} to ${max}, got "${input}"`);
    }
    return value;
  });
  return withRange(validator, min, max);
}

/**
 * What a key may do: `read` may only read (GET and HEAD on the REST API and the dashboard);
 * `admin` may also change things (intake, retry, start, stop, pace, the dashboard's actions).
 */
export type ApiKeyRole = "admin" | "read";

/** One entry of API_KEYS: a name, the SHA-256 (hex) of its key, and its role. */
export interface ApiKeyEntry {
  name: string;
  sha256: string;
  role: ApiKeyRole;
}

/**
 * API_KEYS: comma-separated `name:sha256hex[:role]` entries, role `admin` (the default, so entries
 * written before roles existed keep their full access) or `read`. A name may appear more than
 * once, so a key can be rotated with the old one still valid. Rejects malformed entries, naming
 * them by position only.
 */
export const apiKeyList = makeValidator<ApiKeyEntry[]>((input: string) => {
  const entries: ApiKeyEntry[] = [];
  const raws = input
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const [index, raw] of raws.entries()) {
    const match = /^([A-Za-z0-9_.-]{1,64}):([0-9a-fA-F]{64})(?::(admin|read))?$/.exec(raw);
    if (!match) {
      // Never echo the entry: it may be a raw key pasted by mistake.
      throw new EnvError(
        `entry ${index + 1} must be name:sha256hex or name:sha256hex:role (64 hex digits; role admin or read); run "pnpm api-key <name>"`,
      );
    }
    entries.push({
      name: match[1]!,
      sha256: match[2]!.toLowerCase(),
      role: (match[3] ?? "admin") as ApiKeyRole,
    });
  }
  return entries;
});

/**
 * A comma-separated list of ISO 3166-1 alpha-2 country codes (`TR,DE`; case and spaces do not
 * matter), each one with phone numbering; empty for none. Rejects an unknown code, naming it.
 */
// Pure: a bundle of an app that never reads a country list (the mock provider) leaves it, and
// the phone-number metadata it checks codes with, out.
export const countryList = /* @__PURE__ */ makeValidator<string[]>((input: string) => {
  const codes = input
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = codes.filter((code) => !isCountryCode(code));
  if (unknown.length > 0) {
    throw new EnvError(
      `must be ISO 3166-1 alpha-2 country codes such as TR,DE; unknown: ${unknown.join(", ")}`,
    );
  }
  return [...new Set(codes)];
});

/**
 * Comma-separated inbound keywords (see readInboundAction), each one word of 1–32 letters or
 * digits, folded as messages are (` iptal ` → `IPTAL`); empty = none.
 */
export const keywordList = /* @__PURE__ */ makeValidator<string[]>((input: string) => {
  const words = input
    .split(",")
    .map(foldKeyword)
    .filter((word) => word !== "");
  const bad = words.filter((word) => !/^[\p{L}\p{N}]{1,32}$/u.test(word));
  if (bad.length > 0) {
    throw new EnvError(`must be comma-separated words of 1 to 32 letters or digits; not: ${bad.join(", ")}`);
  }
  return [...new Set(words)];
});

/** Empty (off), or a secret of at least 32 characters: a shorter one is guessable. */
export const secret = /* @__PURE__ */ makeValidator<string>((input: string) => {
  const value = input.trim();
  if (value !== "" && value.length < 32) {
    throw new EnvError(
      `must be empty or at least 32 characters (got ${value.length}); try: openssl rand -hex 32`,
    );
  }
  return value;
});

/**
 * Empty (off), or a Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes
 * (the form the `standardwebhooks` libraries take).
 */
export const webhookSecret = /* @__PURE__ */ makeValidator<string>((input: string) => {
  const value = input.trim();
  if (value === "") return "";
  const encoded = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value)?.[1];
  const bytes = encoded === undefined ? 0 : Buffer.from(encoded, "base64").length;
  if (bytes < 24 || bytes > 64) {
    throw new EnvError(
      'must be empty or whsec_ followed by the base64 of 24 to 64 random bytes; try: echo "whsec_$(openssl rand -base64 32)"',
    );
  }
  return value;
});

/** Empty (off), or an http(s) URL. */
export const optionalUrl = /* @__PURE__ */ makeValidator<string>((input: string) => {
  const value = input.trim();
  if (value === "") return "";
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new EnvError(`must be empty or an http(s) URL, got "${input}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new EnvError(`must be empty or an http(s) URL, got "${input}"`);
  }
  return value;
});

/**
 * API_KEY_CALLBACK_URLS: whitespace-separated `name=url` entries (a URL holds no whitespace, and
 * may hold commas), each an http(s) URL, one per key name; empty for none.
 */
export const keyCallbackUrls = /* @__PURE__ */ makeValidator<Record<string, string>>((input: string) => {
  const urls: Record<string, string> = {};
  for (const [index, entry] of input.split(/\s+/).filter(Boolean).entries()) {
    const match = /^([A-Za-z0-9_.-]{1,64})=(.+)$/.exec(entry);
    let parsed: URL | undefined;
    try {
      parsed = match ? new URL(match[2]!) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!match || !parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw new EnvError(`entry ${index + 1} must be name=http(s)-url, got "${entry}"`);
    }
    if (Object.hasOwn(urls, match[1]!)) throw new EnvError(`key name "${match[1]}" appears twice`);
    urls[match[1]!] = match[2]!;
  }
  return urls;
});

/**
 * TRUST_PROXY: whom to believe about the client's address (X-Forwarded-For): `false` (nobody, the
 * default), `true` (any hop: only behind a proxy that always overwrites the header), a number of
 * hops, or comma-separated proxy addresses or CIDRs (`10.0.0.0/8,127.0.0.1`).
 */
export const trustProxy = /* @__PURE__ */ makeValidator<boolean | number | string[]>((input: string) => {
  const value = input.trim();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => {
    const [address = "", prefix, ...rest] = e.split("/");
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d{1,3}$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
  if (entries.length === 0 || bad.length > 0) {
    throw new EnvError(
      `must be false, true, a number of hops or comma-separated proxy addresses/CIDRs; not: ${bad.join(", ") || value}`,
    );
  }
  return entries;
});

/** The OTLP protocols the trace exporter speaks (OTEL_EXPORTER_OTLP_PROTOCOL's values less grpc). */
export const OTLP_PROTOCOLS = ["http/protobuf", "http/json"] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
/** The protocol OpenTelemetry's spec makes the default for OTLP exporters. */
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = "http/protobuf";

/**
 * An OTLP protocol as OpenTelemetry's OTEL_EXPORTER_OTLP_PROTOCOL spells it: `http/protobuf` or
 * `http/json`; empty means unset (see tracesProtocolOf). `grpc` is refused with a message saying
 * what to use instead.
 */
export const otlpProtocol = makeValidator<OtlpProtocol | "">((input: string) => {
  const value = input.trim();
  if (value === "" || (OTLP_PROTOCOLS as readonly string[]).includes(value))
    return value as OtlpProtocol | "";
  if (value === "grpc")
    throw new EnvError(
      'grpc is not supported: export over HTTP with "http/protobuf" (the default) or "http/json", to the collector\'s OTLP/HTTP port (4318)',
    );
  throw new EnvError(`must be one of ${OTLP_PROTOCOLS.join(", ")}, got "${input}"`);
});
