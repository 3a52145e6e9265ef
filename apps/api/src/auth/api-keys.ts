import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKeyEntry, ApiKeyRole } from "@dispatcher/config";

/** The SHA-256 (hex) of a key, as stored in API_KEYS. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A new random key (32 bytes, base64url) and its API_KEYS entry for `name` with `role`. */
export function generateApiKey(name: string, role: ApiKeyRole = "admin"): { key: string; entry: string } {
  const key = randomBytes(32).toString("base64url");
  return { key, entry: `${name}:${hashApiKey(key)}${role === "admin" ? "" : `:${role}`}` };
}

/** Who presented a configured key: its name (the audit trail's actor) and its role. */
export interface Caller {
  name: string;
  role: ApiKeyRole;
}

/**
 * The configured entry that `presented` matches, or undefined. Compares SHA-256 digests in
 * constant time against every entry, so timing says nothing about which prefix matched.
 */
export function findApiKey(entries: readonly ApiKeyEntry[], presented: string): Caller | undefined {
  const digest = Buffer.from(hashApiKey(presented), "hex");
  let found: Caller | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(digest, Buffer.from(entry.sha256, "hex")) && found === undefined) {
      found = { name: entry.name, role: entry.role };
    }
  }
  return found;
}

/**
 * The key a request presents: `Authorization: Bearer <key>`, `x-api-key: <key>`, or
 * `Authorization: Basic base64(<any user>:<key>)` (so a browser can open the dashboard).
 */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const authorization = header("authorization");
  if (authorization) {
    const [scheme, value] = authorization.split(" ", 2);
    if (scheme?.toLowerCase() === "bearer" && value) return value.trim();
    if (scheme?.toLowerCase() === "basic" && value) {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon >= 0 && colon < decoded.length - 1) return decoded.slice(colon + 1);
    }
  }
  return header("x-api-key")?.trim() || undefined;
}

/** Methods a `read` key may use: they change nothing. */
const READ_METHODS = new Set(["GET", "HEAD"]);

/** Whether `role` may call a route with `method`: `admin` may call all, `read` only GET and HEAD. */
export function roleAllows(role: ApiKeyRole, method: string): boolean {
  return role === "admin" || READ_METHODS.has(method);
}

/** The names a caller may have: each API key's, or `anonymous` when the API runs without keys. */
export function apiKeyNames(entries: readonly ApiKeyEntry[]): Set<string> {
  return new Set(entries.length === 0 ? ["anonymous"] : entries.map((key) => key.name));
}

/** The caller named in the audit trail: the API key's name (set by the protected scope). */
export function actorOf(request: { actor?: string }): string {
  return request.actor ?? "anonymous";
}
