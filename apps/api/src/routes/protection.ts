import { isCountryCode, type ProtectionLimits, readRfc3339, validateRecipient } from "@dispatcher/core";
import {
  changeProtection,
  getProtection,
  listLanes,
  listNumberRules,
  putNumberRule,
  removeCountryRule,
  removeNumberRule,
  type StoredNumberRule,
  setCountryRule,
} from "@dispatcher/db";
import { type FastifyPluginAsyncTypebox, Type } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../app-deps.js";
import { actorOf, apiKeyNames } from "../auth/api-keys.js";
import { type FieldError, invalidInput, notFound } from "../http/error-handler.js";
import {
  decodeNumberCursor,
  encodeNumberCursor,
  PAGE_LIMIT,
  pageOf,
  pageQuerySchema,
  readCursor,
} from "../http/pagination.js";
import { errorResponses } from "../schemas/common.js";
import { NumberParamsSchema } from "../schemas/opt-out.js";
import {
  CountryParamsSchema,
  CountryRuleBodySchema,
  CountryRuleSchema,
  NumberRuleBodySchema,
  NumberRuleListSchema,
  NumberRuleSchema,
  ProtectionChangeSchema,
  ProtectionSchema,
} from "../schemas/protection.js";

const NoContent = Type.Null({ description: "Removed (no body)", examples: [null] });

/**
 * The pumping guard's rules (docs/protection.md): `GET` and `PATCH /api/v1/protection` (the
 * action for countries without a rule, the caps and quotas), `PUT` and `DELETE
 * /api/v1/protection/countries/{country}`, and `GET`, `PUT` and `DELETE
 * /api/v1/protection/numbers[/{number}]`. Every change is stored and audited (a `protection`
 * event, numbers masked); intake reads the rules on every request and every worker within
 * PROVIDER_ROUTING_REFRESH_MS.
 */
export function protectionRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const describe = async () => {
    const protection = await getProtection(deps.db);
    return {
      defaultCountryAction: protection.countries.defaultAction,
      countries: Object.fromEntries(
        [...protection.countries.countries].sort(([a], [b]) => a.localeCompare(b)),
      ),
      limits: { ...protection.limits, homeCountries: [...protection.limits.homeCountries] },
      updatedAt: protection.updatedAt.toISOString(),
      updatedBy: protection.updatedBy,
    };
  };
  /** The path's country, a code with phone numbering (400 naming `country` otherwise). */
  const countryOf = (params: { country: string }) => {
    if (!isCountryCode(params.country)) {
      throw invalidInput([
        { field: "country", message: "is not an ISO 3166-1 alpha-2 code with phone numbering" },
      ]);
    }
    return params.country;
  };
  /** The path's number, validated as intake validates `to`. */
  const numberOf = (params: { number: string }) => {
    const errors = validateRecipient(params.number);
    if (errors.length > 0) throw invalidInput(errors.map((e) => ({ field: "number", message: e.message })));
    return params.number;
  };

  return async function protectionRoutes(app) {
    app.get(
      "/protection",
      {
        schema: {
          tags: ["protection"],
          summary: "The pumping guard's country rules, caps and quotas",
          response: { 200: ProtectionSchema, ...errorResponses },
        },
      },
      describe,
    );

    app.patch(
      "/protection",
      {
        schema: {
          tags: ["protection"],
          summary: "Change the action for countries without a rule, and the caps and quotas",
          description:
            "A limits field given replaces that field whole (laneRecipient and keys too); the others are kept. " +
            "Lanes and API keys named must exist. Audited.",
          body: ProtectionChangeSchema,
          response: { 200: ProtectionSchema, ...errorResponses },
        },
      },
      async (request) => {
        const change = request.body.limits ?? {};
        const errors: FieldError[] = [];
        if (change.laneRecipient) {
          const lanes = new Set((await listLanes(deps.db)).map((lane) => lane.name));
          for (const name of Object.keys(change.laneRecipient).filter((n) => !lanes.has(n))) {
            errors.push({
              field: `limits.laneRecipient.${name}`,
              message: "names no lane (GET /api/v1/dispatcher lists them)",
            });
          }
        }
        if (change.keys) {
          const keys = apiKeyNames(deps.settings.apiKeys);
          for (const name of Object.keys(change.keys).filter((n) => !keys.has(n))) {
            errors.push({ field: `limits.keys.${name}`, message: "names no API key (API_KEYS)" });
          }
        }
        for (const code of (change.homeCountries ?? []).filter((c) => !isCountryCode(c))) {
          errors.push({
            field: "limits.homeCountries",
            message: `${code} is not a country code with phone numbering`,
          });
        }
        if (errors.length > 0) throw invalidInput(errors);
        const current = (await getProtection(deps.db)).limits;
        const limits: ProtectionLimits | undefined = request.body.limits && { ...current, ...change };
        await changeProtection(deps.db, {
          defaultCountryAction: request.body.defaultCountryAction,
          limits,
          actor: actorOf(request),
        });
        request.log.info({ actor: actorOf(request) }, "protection settings changed");
        return describe();
      },
    );

    app.put(
      "/protection/countries/:country",
      {
        schema: {
          tags: ["protection"],
          summary: "Set a country's rule (idempotent)",
          params: CountryParamsSchema,
          body: CountryRuleBodySchema,
          response: { 200: CountryRuleSchema, ...errorResponses },
        },
      },
      async (request) => {
        const country = countryOf(request.params);
        await setCountryRule(deps.db, { country, action: request.body.action, actor: actorOf(request) });
        return { country, action: request.body.action };
      },
    );

    app.delete(
      "/protection/countries/:country",
      {
        schema: {
          tags: ["protection"],
          summary: "Remove a country's rule: defaultCountryAction applies to it again",
          params: CountryParamsSchema,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        const country = countryOf(request.params);
        if (!(await removeCountryRule(deps.db, { country, actor: actorOf(request) }))) {
          throw notFound(`${country} has no rule of its own`);
        }
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/protection/numbers",
      {
        schema: {
          tags: ["protection"],
          summary: "Numbers with rules of their own, in number order",
          querystring: pageQuerySchema(),
          response: { 200: NumberRuleListSchema, ...errorResponses },
        },
      },
      async (request) => {
        const { limit = PAGE_LIMIT.default, cursor } = request.query;
        const after = readCursor(cursor, decodeNumberCursor);
        const rows = await listNumberRules(deps.db, { limit, after });
        return pageOf(rows, {
          limit,
          toItem: toNumberRuleDto,
          cursorAfter: (last) => encodeNumberCursor(last.number),
        });
      },
    );

    app.put(
      "/protection/numbers/:number",
      {
        schema: {
          tags: ["protection"],
          summary: "Allow or block one number, optionally until a time (replaces its rule)",
          description: "The suppression list always wins: an allowed number that opted out is still refused.",
          params: NumberParamsSchema,
          body: NumberRuleBodySchema,
          response: { 200: NumberRuleSchema, 201: NumberRuleSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const number = numberOf(request.params);
        let until: Date | null = null;
        if (request.body.until !== undefined) {
          const read = readRfc3339(request.body.until);
          if (!read)
            throw invalidInput([
              { field: "until", message: "must be an RFC 3339 date-time such as 2026-12-31T00:00:00Z" },
            ]);
          if (read.getTime() <= Date.now())
            throw invalidInput([{ field: "until", message: "must be in the future" }]);
          until = read;
        }
        const { rule, created } = await putNumberRule(deps.db, {
          number,
          action: request.body.action,
          until,
          reason: request.body.reason,
          actor: actorOf(request),
        });
        return reply.status(created ? 201 : 200).send(toNumberRuleDto(rule));
      },
    );

    app.delete(
      "/protection/numbers/:number",
      {
        schema: {
          tags: ["protection"],
          summary: "Remove a number's rule: its country's rule applies to it again",
          params: NumberParamsSchema,
          response: { 204: NoContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        const number = numberOf(request.params);
        if (!(await removeNumberRule(deps.db, { number, actor: actorOf(request) }))) {
          throw notFound("the number has no rule of its own");
        }
        return reply.status(204).send(null);
      },
    );
  };
}

function toNumberRuleDto(rule: StoredNumberRule) {
  return {
    number: rule.number,
    action: rule.action,
    until: rule.until?.toISOString() ?? null,
    reason: rule.reason,
    createdAt: rule.createdAt.toISOString(),
    createdBy: rule.createdBy,
  };
}
