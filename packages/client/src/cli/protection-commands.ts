import { type Command, defined, type Invocation, integer, outcomeOf, UsageError } from "./invocation.js";

type Answer = { data?: unknown; error?: unknown; response: Response };

const COUNTRY_ACTIONS = ["allow", "block", "monitor"] as const;

/** `protection …`: shows or changes the pumping guard's rules (see COMMANDS in commands.ts). */
async function runProtection({ client, args, option }: Invocation): Promise<Answer> {
  const [sub, target, action] = args;
  switch (sub) {
    case undefined:
      return client.GET("/api/v1/protection");
    case "country": {
      if (target === undefined || action === undefined) {
        throw new UsageError(
          "protection country needs a country code (or *) and allow, block, monitor or remove",
        );
      }
      if (target === "*") {
        if (!COUNTRY_ACTIONS.includes(action as "allow")) {
          throw new UsageError(`the default country action is allow, block or monitor, got "${action}"`);
        }
        return client.PATCH("/api/v1/protection", {
          body: { defaultCountryAction: action as (typeof COUNTRY_ACTIONS)[number] },
        });
      }
      const path = { params: { path: { country: target.toUpperCase() } } };
      if (action === "remove") return client.DELETE("/api/v1/protection/countries/{country}", path);
      if (!COUNTRY_ACTIONS.includes(action as "allow")) {
        throw new UsageError(`a country's action is allow, block, monitor or remove, got "${action}"`);
      }
      return client.PUT("/api/v1/protection/countries/{country}", {
        ...path,
        body: { action: action as (typeof COUNTRY_ACTIONS)[number] },
      });
    }
    case "number": {
      if (target === undefined || !["allow", "block", "remove"].includes(action ?? "")) {
        throw new UsageError("protection number needs a number (E.164) and allow, block or remove");
      }
      const path = { params: { path: { number: target } } };
      if (action === "remove") return client.DELETE("/api/v1/protection/numbers/{number}", path);
      return client.PUT("/api/v1/protection/numbers/{number}", {
        ...path,
        body: {
          action: action as "allow" | "block",
          ...defined({ until: option("until"), reason: option("reason") }),
        },
      });
    }
    case "numbers":
      return client.GET("/api/v1/protection/numbers", {
        params: { query: defined({ limit: integer("limit", option("limit")) }) },
      });
    case "caps": {
      const change = defined({
        perHour: integer("per-hour", option("per-hour")),
        perDay: integer("per-day", option("per-day")),
        sameContentPerHour: integer("same-content-per-hour", option("same-content-per-hour")),
      });
      const read = await client.GET("/api/v1/protection");
      if (!read.data) return read;
      const limits = read.data.limits;
      const lane = option("lane");
      if (lane === undefined) {
        return client.PATCH("/api/v1/protection", {
          body: { limits: { recipient: { ...limits.recipient, ...change } } },
        });
      }
      const own = limits.laneRecipient[lane] ?? limits.recipient;
      const laneRecipient = { ...limits.laneRecipient, [lane]: { ...own, ...change } };
      return client.PATCH("/api/v1/protection", { body: { limits: { laneRecipient } } });
    }
    case "quota": {
      const change = defined({
        perDay: integer("per-day", option("per-day")),
        internationalPerDay: integer("international-per-day", option("international-per-day")),
      });
      const read = await client.GET("/api/v1/protection");
      if (!read.data) return read;
      const limits = read.data.limits;
      const key = option("api-key");
      if (key === undefined) {
        return client.PATCH("/api/v1/protection", {
          body: { limits: { key: { ...limits.key, ...change } } },
        });
      }
      const keys = { ...limits.keys, [key]: { ...(limits.keys[key] ?? limits.key), ...change } };
      return client.PATCH("/api/v1/protection", { body: { limits: { keys } } });
    }
    case "home-countries": {
      if (target === undefined)
        throw new UsageError('protection home-countries needs a list such as TR,DE (or "")');
      const homeCountries = target
        .split(",")
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      return client.PATCH("/api/v1/protection", { body: { limits: { homeCountries } } });
    }
    default:
      throw new UsageError(`unknown protection command "${sub}"`);
  }
}

/** `protection …`: the pumping guard's rules, caps and quotas. */
export const protection: Command = async (invocation) => outcomeOf(await runProtection(invocation));
