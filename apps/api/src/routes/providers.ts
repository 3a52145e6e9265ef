import { isCountryCode } from "@dispatcher/core";
import { changeProviderRouting, listProviders, type StoredProvider } from "@dispatcher/db";
import { readBreakerState } from "@dispatcher/redis";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyBaseLogger } from "fastify";
import type { AppDeps } from "../app-deps.js";
import { invalidInput, notFound } from "../http/error-handler.js";
import { errorResponses } from "../schemas/common.js";
import {
  ProviderListSchema,
  ProviderNameParamsSchema,
  ProviderRoutingChangeSchema,
  ProviderSchema,
} from "../schemas/provider.js";

/** The caller named in the audit trail: the API key's name (set by the protected scope). */
function actorOf(request: { actor?: string }): string {
  return request.actor ?? "anonymous";
}

/**
 * Every stored provider as the API shows it, with its breaker as Redis holds it (null when Redis
 * cannot be read: the routing is still shown).
 */
export async function describeProviders(deps: Pick<AppDeps, "db" | "queues">, log: FastifyBaseLogger) {
  const rows = await listProviders(deps.db);
  return Promise.all(rows.map((row) => describeProvider(deps, row, log)));
}

async function describeProvider(deps: Pick<AppDeps, "queues">, row: StoredProvider, log: FastifyBaseLogger) {
  const breaker = await readBreakerState(deps.queues, row.name).catch((error: unknown) => {
    log.warn({ err: error, provider: row.name }, "could not read a provider's breaker in Redis");
    return null;
  });
  return {
    name: row.name,
    kind: row.kind,
    countries: row.countries,
    weight: row.weight,
    maxPerSecond: row.maxPerSecond,
    burst: row.burst,
    breaker,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/**
 * `GET /api/v1/providers`, `GET /api/v1/providers/:name` and `PATCH /api/v1/providers/:name`: the
 * providers every worker sends through, as stored (a provider is stored when a process configured
 * with it first starts), and their routing. A change is stored and audited (a `provider` event)
 * and applied by every worker within PROVIDER_ROUTING_REFRESH_MS; credentials are never here.
 */
export function providerRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async function providerRoutes(app) {
    app.get(
      "/providers",
      {
        schema: {
          tags: ["providers"],
          summary: "The providers, their routing and their circuit breakers",
          response: { 200: ProviderListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await describeProviders(deps, request.log) }),
    );

    app.get(
      "/providers/:name",
      {
        schema: {
          tags: ["providers"],
          summary: "One provider's routing and circuit breaker",
          params: ProviderNameParamsSchema,
          response: { 200: ProviderSchema, ...errorResponses },
        },
      },
      async (request) => {
        const row = (await listProviders(deps.db)).find((p) => p.name === request.params.name);
        if (!row) throw notFound(`no provider named ${request.params.name}`);
        return describeProvider(deps, row, request.log);
      },
    );

    app.patch(
      "/providers/:name",
      {
        schema: {
          tags: ["providers"],
          summary: "Change a provider's routing at run time",
          description:
            "Changes its countries, weight (0 takes it out of rotation for new messages; messages bound to it " +
            "still go there), throughput limit and burst. Every worker applies it within " +
            "PROVIDER_ROUTING_REFRESH_MS (2 s by default). Persisted and audited; credentials cannot be changed here.",
          params: ProviderNameParamsSchema,
          body: ProviderRoutingChangeSchema,
          response: { 200: ProviderSchema, ...errorResponses },
        },
      },
      async (request) => {
        const unknown = (request.body.countries ?? []).filter((code) => !isCountryCode(code));
        if (unknown.length > 0) {
          throw invalidInput([
            { field: "countries", message: `has codes with no phone numbering: ${unknown.join(", ")}` },
          ]);
        }
        const actor = actorOf(request);
        const result = await changeProviderRouting(deps.db, {
          name: request.params.name,
          change: request.body,
          actor,
        });
        if (!result) throw notFound(`no provider named ${request.params.name}`);
        if (result.changed)
          request.log.info(
            { actor, provider: request.params.name, ...request.body },
            "provider routing changed",
          );
        return describeProvider(deps, result.provider, request.log);
      },
    );
  };
}
