import { type Command, defined, outcomeOf, phoneNumber, UsageError } from "./invocation.js";
import { readPages } from "./pages.js";

const SOURCES = ["operator", "provider", "keyword"] as const;

/**
 * `opt-outs [--source S] [--limit N] [--cursor C] [--all]` lists the suppression list in number
 * order; `opt-outs <number>`, `opt-outs add <number> [--reason TEXT]`, `opt-outs remove <number>`
 * look a number up on it, put it there or take it off.
 */
export const optOuts: Command = async (invocation) => {
  const { client, args, option } = invocation;
  const [first, second] = args;
  const verb = first === "add" || first === "remove" ? first : undefined;
  const target = verb === undefined ? first : second;
  if (verb !== undefined && target === undefined)
    throw new UsageError(`opt-outs ${verb} needs a phone number`);
  if (target === undefined) {
    const source = option("source");
    if (source !== undefined && !(SOURCES as readonly string[]).includes(source)) {
      throw new UsageError(`--source must be one of ${SOURCES.join(", ")}, got ${source}`);
    }
    const filter = source === undefined ? {} : { source: source as (typeof SOURCES)[number] };
    return readPages(
      invocation,
      (page) => client.GET("/api/v1/opt-outs", { params: { query: { ...filter, ...page } } }),
      ["number", "source", "reason", "actor", "createdAt"],
    );
  }
  const path = { params: { path: { number: phoneNumber(target, "opt-outs") } } };
  switch (verb) {
    case "add":
      return outcomeOf(
        await client.PUT("/api/v1/opt-outs/{number}", {
          ...path,
          body: defined({ reason: option("reason") }),
        }),
      );
    case "remove": {
      const answer = await client.DELETE("/api/v1/opt-outs/{number}", path);
      return answer.response.ok ? { ok: true, data: { removed: target } } : outcomeOf(answer);
    }
    default:
      return outcomeOf(await client.GET("/api/v1/opt-outs/{number}", path));
  }
};
