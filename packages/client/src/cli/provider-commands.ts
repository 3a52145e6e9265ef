import { type Command, defined, integer, outcomeOf, UsageError } from "./invocation.js";

/** `providers`: the providers, their routing and breakers. */
export const providers: Command = async ({ client }) =>
  outcomeOf(await client.GET("/api/v1/providers"), [
    "name",
    "kind",
    "countries",
    "weight",
    "maxPerSecond",
    "breaker",
  ]);

/** `provider <name>`: one provider; with options, changes its routing. */
export const provider: Command = async ({ client, args, option }) => {
  const name = args[0];
  if (name === undefined) throw new UsageError("provider needs a provider's name");
  const rate = option("max-per-second");
  if (rate !== undefined && !/^\d+(\.\d+)?$/.test(rate)) {
    throw new UsageError(`--max-per-second must be a number, got "${rate}"`);
  }
  const countries = option("countries");
  const body = defined({
    weight: integer("weight", option("weight")),
    maxPerSecond: rate === undefined ? undefined : Number(rate),
    burst: integer("burst", option("burst")),
    countries:
      countries === undefined
        ? undefined
        : countries
            .split(",")
            .map((c) => c.trim().toUpperCase())
            .filter(Boolean),
  });
  const path = { params: { path: { name } } };
  if (Object.keys(body).length === 0) return outcomeOf(await client.GET("/api/v1/providers/{name}", path));
  return outcomeOf(await client.PATCH("/api/v1/providers/{name}", { ...path, body }));
};
