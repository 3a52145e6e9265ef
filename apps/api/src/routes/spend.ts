import { isCountryCode, readRfc3339 } from "@dispatcher/core";
import {
  changeSpendLimit,
  listProviders,
  listSpendLimits,
  listSpendPrices,
  listSpendStandings,
  replaceSpendPrices,
  summarizeSpend,
  TOTAL_SCOPE,
} from "@dispatcher/db";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { actorOf, apiKeyNames } from "../auth/api-keys.js";
import { type FieldError, invalidInput } from "../http/error-handler.js";
import { errorResponses } from "../schemas/common.js";
import {
  SpendLimitChangeSchema,
  SpendLimitsSchema,
  SpendPricesSchema,
  SpendQuerySchema,
  SpendSchema,
} from "../schemas/spend.js";

const DAY_MS = 86_400_000;

/**
 * Spend (docs/protection.md): `GET /api/v1/spend` (what the messages stored in a period
 * spent and hold reserved, and each limit's standing), `GET` and `PUT /api/v1/spend/prices` (the
 * price table, replaced whole), `GET` and `PATCH /api/v1/spend/limits`. Every change is stored
 * and audited (a `spend` event); intake reads prices and limits on every request.
 */
export function spendRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const describeLimits = async () => {
    const limits = await listSpendLimits(deps.db);
    const pair = (scope: string) => {
      const row = limits.find((l) => l.scope === scope);
      return { perDay: row?.perDay ?? null, perMonth: row?.perMonth ?? null };
    };
    return {
      total: pair(TOTAL_SCOPE),
      keys: Object.fromEntries(
        limits.filter((l) => l.scope !== TOTAL_SCOPE).map((l) => [l.scope, pair(l.scope)]),
      ),
    };
  };

  return async function spendRoutes(app) {
    app.get(
      "/spend",
      {
        schema: {
          tags: ["spend"],
          summary:
            "What the messages stored in a period spent and hold reserved, by API key, country and provider",
          description:
            "Messages count in the period they were stored in. Limits show the current UTC day and month.",
          querystring: SpendQuerySchema,
          response: { 200: SpendSchema, ...errorResponses },
        },
      },
      async (request) => {
        const errors: FieldError[] = [];
        const read = (field: "from" | "to") => {
          const text = request.query[field];
          if (text === undefined) return undefined;
          const at = readRfc3339(text);
          if (!at)
            errors.push({ field, message: "must be an RFC 3339 date-time such as 2026-12-07T00:00:00Z" });
          return at;
        };
        const fromGiven = read("from");
        const toGiven = read("to");
        if (errors.length > 0) throw invalidInput(errors);
        const from = fromGiven ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
        const to = toGiven ?? new Date(from.getTime() + DAY_MS);
        if (to.getTime() <= from.getTime())
          throw invalidInput([{ field: "to", message: "must be after from" }]);
        const [summary, standings] = await Promise.all([
          summarizeSpend(deps.db, { from, to }),
          listSpendStandings(deps.db),
        ]);
        return {
          from: from.toISOString(),
          to: to.toISOString(),
          ...summary,
          limits: standings.map(({ scope, ...standing }) => ({
            apiKey: scope === TOTAL_SCOPE ? null : scope,
            ...standing,
          })),
        };
      },
    );

    app.get(
      "/spend/prices",
      {
        schema: {
          tags: ["spend"],
          summary: "The price table: each provider's price per segment by country",
          response: { 200: SpendPricesSchema, ...errorResponses },
        },
      },
      async () => ({ prices: await listSpendPrices(deps.db) }),
    );

    app.put(
      "/spend/prices",
      {
        schema: {
          tags: ["spend"],
          summary: "Replace the price table whole (audited)",
          description:
            "Providers must exist; a country is an ISO code or * (the provider's other countries), once per provider. " +
            "Intake estimates with the new prices from the next request; messages stored before keep their estimates.",
          body: SpendPricesSchema,
          response: { 200: SpendPricesSchema, ...errorResponses },
        },
      },
      async (request) => {
        const providers = new Set((await listProviders(deps.db)).map((p) => p.name));
        const errors: FieldError[] = [];
        const seen = new Set<string>();
        for (const [i, price] of request.body.prices.entries()) {
          if (!providers.has(price.provider)) {
            errors.push({
              field: `prices[${i}].provider`,
              message: "names no provider (GET /api/v1/providers)",
            });
          }
          if (price.country !== "*" && !isCountryCode(price.country)) {
            errors.push({
              field: `prices[${i}].country`,
              message: "is not a country code with phone numbering",
            });
          }
          const key = `${price.provider} ${price.country}`;
          if (seen.has(key))
            errors.push({ field: `prices[${i}]`, message: "prices this provider and country again" });
          seen.add(key);
        }
        if (errors.length > 0) throw invalidInput(errors);
        await replaceSpendPrices(deps.db, { prices: request.body.prices, actor: actorOf(request) });
        request.log.info(
          { actor: actorOf(request), prices: request.body.prices.length },
          "spend prices replaced",
        );
        return { prices: await listSpendPrices(deps.db) };
      },
    );

    app.get(
      "/spend/limits",
      {
        schema: {
          tags: ["spend"],
          summary: "The spend limits: the total's and each API key's",
          response: { 200: SpendLimitsSchema, ...errorResponses },
        },
      },
      describeLimits,
    );

    app.patch(
      "/spend/limits",
      {
        schema: {
          tags: ["spend"],
          summary: "Change the total's or an API key's limits per UTC day and month (audited)",
          description: "Limits not named are kept; null removes one. The API key must exist.",
          body: SpendLimitChangeSchema,
          response: { 200: SpendLimitsSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { apiKey, perDay, perMonth } = request.body;
        if (apiKey !== undefined && !apiKeyNames(deps.settings.apiKeys).has(apiKey)) {
          throw invalidInput([{ field: "apiKey", message: "names no API key (API_KEYS)" }]);
        }
        await changeSpendLimit(deps.db, {
          scope: apiKey ?? TOTAL_SCOPE,
          perDay,
          perMonth,
          actor: actorOf(request),
        });
        request.log.info({ actor: actorOf(request), apiKey: apiKey ?? null }, "spend limits changed");
        return describeLimits();
      },
    );
  };
}
