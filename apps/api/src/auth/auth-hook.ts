import type { ApiKeyEntry } from "@dispatcher/config";
import type { FastifyInstance } from "fastify";
import { findApiKeyName, presentedKey } from "./api-keys.js";

/** Paths that need a key. Everything else (/health, /metrics, /docs, /version) stays open. */
function isProtected(url: string): boolean {
  return url.startsWith("/api/") || url === "/admin/queues" || url.startsWith("/admin/queues/");
}

/**
 * Requires a configured API key on `/api/*` and `/admin/queues`, and sets `request.actor` to the
 * key's name (the audit trail's actor). A missing or wrong key gets 401; the log line names the
 * reason, never the key. The dashboard's 401 carries a Basic challenge so browsers ask for the key
 * (as the password). With no keys configured every request passes as actor `anonymous`.
 */
export function installAuth(app: FastifyInstance, keys: readonly ApiKeyEntry[]): void {
  app.addHook("onRequest", async (request, reply) => {
    // CORS preflights carry no credentials by design; @fastify/cors answers them.
    if (request.method === "OPTIONS" || !isProtected(request.url)) return;
    if (keys.length === 0) {
      request.actor = "anonymous";
      return;
    }
    const key = presentedKey(request.headers);
    const name = key === undefined ? undefined : findApiKeyName(keys, key);
    if (name) {
      request.actor = name;
      return;
    }
    request.log.warn(
      { reason: key === undefined ? "no key presented" : "unknown key" },
      "unauthorized request",
    );
    const dashboard = request.url.startsWith("/admin/");
    return reply
      .status(401)
      .header(
        "www-authenticate",
        dashboard ? 'Basic realm="dispatcher", charset="UTF-8"' : 'Bearer realm="dispatcher"',
      )
      .send({
        statusCode: 401,
        error: "Unauthorized",
        message: "a valid API key is required: Authorization: Bearer <key> or x-api-key: <key>",
      });
  });
}
