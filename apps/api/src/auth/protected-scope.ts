import type { ApiKeyEntry } from "@dispatcher/config";
import type { RedisConnection } from "@dispatcher/redis";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { HttpError, sendError } from "../http/error-handler.js";
import { type Caller, findApiKey, presentedKey, roleAllows } from "./api-keys.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is calling, for the audit trail: the API key's name, or `anonymous` without API_KEYS. */
    actor?: string;
  }
  interface FastifyContextConfig {
    /**
     * How a 401 on this route asks for credentials: `basic` makes a browser prompt (the
     * dashboard), `bearer` (the default) suits API clients.
     */
    authChallenge?: "basic" | "bearer";
  }
}

export interface ProtectedScopeOptions {
  /** Named key hashes with roles; empty = every caller is `anonymous` with the admin role. */
  keys: readonly ApiKeyEntry[];
  /** The shared counters of the rate limit live here, so every API instance counts together. */
  redis: RedisConnection;
  /** Requests per window per key name, or per client IP for callers without a valid key. */
  rateLimit: { max: number; windowMs: number; nameSpace: string };
}

/** The caller when no keys are configured: allowed everything, named in the audit trail. */
const ANONYMOUS: Caller = { name: "anonymous", role: "admin" };

/** OpenAPI: the two ways a protected route accepts a key. */
const SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

/**
 * An encapsulated scope for every route that needs an API key. `routes` registers them inside it;
 * whatever it registers, now or later, is guarded, and nothing outside it is. The decision follows
 * the route the router matched, never the raw request target, so percent-encoding, absolute-form
 * targets, dot segments or duplicate slashes cannot reach a protected handler without a key.
 *
 * Its onRequest hook, for each request to one of its routes:
 * 1. identifies the caller by the presented key (see presentedKey);
 * 2. counts the request in the shared rate limit: per key name, or per client IP when no valid
 *    key came with it, so a key-guessing flood gets 429 before its 401s. Every answer carries the
 *    IETF draft's RateLimit-Limit, -Remaining and -Reset headers, a 429 Retry-After too. A Redis
 *    outage skips the count rather than failing the request;
 * 3. answers 401 for a missing or unknown key (the log names the reason, never the key), or 403
 *    for a `read` key on a route that changes something (any method but GET and HEAD).
 * Routes inside also get the OpenAPI `security` requirement.
 */
export function protectedScope(
  options: ProtectedScopeOptions,
  routes: (scope: FastifyInstance) => Promise<void>,
): FastifyPluginAsync {
  return async function protectedScope(scope) {
    const perSeconds = Math.round(options.rateLimit.windowMs / 1_000);
    await scope.register(rateLimit, {
      global: false,
      redis: options.redis,
      nameSpace: options.rateLimit.nameSpace,
      max: options.rateLimit.max,
      timeWindow: options.rateLimit.windowMs,
      skipOnError: true,
      // RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset on every answer, Retry-After on a 429.
      enableDraftSpec: true,
      keyGenerator: (request) => (request.actor ? `key:${request.actor}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new HttpError(
          429,
          `rate limit of ${context.max} requests per ${perSeconds} s exceeded; retry after ${context.after}`,
          [],
          {
            code: "rate_limited",
            rule: `at most ${context.max} requests per ${perSeconds} s per API key (per client IP without a valid key)`,
          },
        ),
    });
    scope.addHook("onRoute", (route) => {
      if (route.schema && !route.schema.hide) route.schema = { ...route.schema, security: SECURITY };
    });

    const callers = new WeakMap<FastifyRequest, Caller | undefined>();
    scope.addHook("onRequest", async (request) => {
      const key = options.keys.length === 0 ? undefined : presentedKey(request.headers);
      const caller =
        options.keys.length === 0 ? ANONYMOUS : key === undefined ? undefined : findApiKey(options.keys, key);
      request.actor = caller?.name;
      callers.set(request, caller);
    });
    // Counts the request by the caller just found and sets the rate limit's headers; past the
    // limit it throws the 429 (errorResponseBuilder), before any 401 or 403.
    scope.addHook("onRequest", scope.rateLimit());
    scope.addHook("onRequest", async (request, reply) => {
      const caller = callers.get(request);
      const key = options.keys.length === 0 ? undefined : presentedKey(request.headers);
      if (!caller)
        return unauthorized(request, reply, key === undefined ? "no key presented" : "unknown key");
      if (!roleAllows(caller.role, request.method)) {
        request.log.warn({ actor: caller.name, role: caller.role }, "forbidden request");
        return sendError(reply, {
          statusCode: 403,
          message: `API key "${caller.name}" has the ${caller.role} role; ${request.method} needs an admin key`,
        });
      }
    });

    await routes(scope);
  };
}

function unauthorized(request: FastifyRequest, reply: FastifyReply, reason: string) {
  request.log.warn({ reason }, "unauthorized request");
  const basic = request.routeOptions.config.authChallenge === "basic";
  reply.header(
    "www-authenticate",
    basic ? 'Basic realm="dispatcher", charset="UTF-8"' : 'Bearer realm="dispatcher"',
  );
  return sendError(reply, {
    statusCode: 401,
    message: "a valid API key is required: Authorization: Bearer <key> or x-api-key: <key>",
  });
}
