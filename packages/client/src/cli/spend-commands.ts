import { readFile } from "node:fs/promises";
import { type Command, defined, type Invocation, outcomeOf, UsageError } from "./invocation.js";

type Answer = { data?: unknown; error?: unknown; response: Response };

/** A money option: a decimal string, or null for "none"; undefined when not given. */
function money(name: string, value: string | undefined): string | null | undefined {
  if (value === undefined || value === "none") return value === undefined ? undefined : null;
  if (!/^\d{1,14}(\.\d{1,6})?$/.test(value)) {
    throw new UsageError(`--${name} must be an amount such as 12.50 (or none), got "${value}"`);
  }
  return value;
}

/** `spend …`: shows spend, and shows or changes prices and limits (see COMMANDS in commands.ts). */
async function runSpend({ client, args, option }: Invocation): Promise<Answer> {
  const [sub, verb, file] = args;
  switch (sub) {
    case undefined:
      return client.GET("/api/v1/spend", {
        params: { query: defined({ from: option("from"), to: option("to") }) },
      });
    case "prices": {
      if (verb === undefined) return client.GET("/api/v1/spend/prices");
      if (verb !== "load" || file === undefined) throw new UsageError("spend prices load needs a JSON file");
      let read: unknown;
      try {
        read = JSON.parse(await readFile(file, "utf8"));
      } catch (error) {
        throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
      }
      const prices = Array.isArray(read) ? read : (read as { prices?: unknown })?.prices;
      if (!Array.isArray(prices)) throw new UsageError(`${file} holds no "prices" array`);
      return client.PUT("/api/v1/spend/prices", {
        body: { prices: prices as { provider: string; country: string; price: string }[] },
      });
    }
    case "limits": {
      const change = defined({
        apiKey: option("api-key"),
        perDay: money("per-day", option("per-day")),
        perMonth: money("per-month", option("per-month")),
      });
      if (change.perDay === undefined && change.perMonth === undefined) {
        if (change.apiKey !== undefined)
          throw new UsageError("spend limits --api-key needs --per-day or --per-month");
        return client.GET("/api/v1/spend/limits");
      }
      return client.PATCH("/api/v1/spend/limits", { body: change });
    }
    default:
      throw new UsageError(`unknown spend command "${sub}"`);
  }
}

/** `spend …`: spend, prices and limits. */
export const spend: Command = async (invocation) => outcomeOf(await runSpend(invocation));
