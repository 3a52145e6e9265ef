import { type Command, defined, outcomeOf, phoneNumber, UsageError } from "./invocation.js";

/**
 * `opt-outs <number>`, `opt-outs add <number> [--reason TEXT]`, `opt-outs remove <number>`: looks a
 * number up on the suppression list, puts it there or takes it off. The API lists no opt-outs as a
 * whole; each is looked up by its number.
 */
export const optOuts: Command = async ({ client, args, option }) => {
  const [first, second] = args;
  const verb = first === "add" || first === "remove" ? first : undefined;
  const target = verb === undefined ? first : second;
  if (target === undefined)
    throw new UsageError("opt-outs needs a phone number (add, remove, or none to look it up)");
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
