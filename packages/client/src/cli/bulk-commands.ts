import {
  type Command,
  defined,
  type Invocation,
  integer,
  messageId,
  type Outcome,
  outcomeOf,
  UsageError,
} from "./invocation.js";

/** Messages one round asks the API to act on, unless --batch-size says. @defaultValue 1000 (the API's default) */
const ROUND_SIZE = 1_000;
/** The API's largest `limit` for a bulk call. */
const MAX_ROUND_SIZE = 10_000;
/** Rounds a bulk command runs at most, unless --max-rounds says. @defaultValue 100 */
const MAX_ROUNDS = 100;

/**
 * Calls a bulk endpoint (it acts on at most `limit` messages a call and answers `{count}`) round
 * after round until a round changes nothing, `--limit` messages changed in all, or `--max-rounds`
 * rounds ran; prints a progress line per round. Answers `{count, rounds}`; stopping at
 * `--max-rounds` after a round that changed messages is `unfinished` (exit 5). A refusal stops it.
 */
async function inRounds(
  invocation: Invocation,
  what: {
    verb: string;
    call: (limit: number) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  },
): Promise<Outcome> {
  const { option, progress } = invocation;
  const cap = integer("limit", option("limit"));
  const size = integer("batch-size", option("batch-size")) ?? ROUND_SIZE;
  const maxRounds = integer("max-rounds", option("max-rounds")) ?? MAX_ROUNDS;
  if (cap === 0) throw new UsageError("--limit must be at least 1");
  if (size < 1 || size > MAX_ROUND_SIZE)
    throw new UsageError(`--batch-size must be 1..${MAX_ROUND_SIZE}, got ${size}`);
  if (maxRounds < 1) throw new UsageError("--max-rounds must be at least 1");
  let count = 0;
  let rounds = 0;
  while (cap === undefined || count < cap) {
    if (rounds === maxRounds) {
      return {
        ok: true,
        data: { count, rounds },
        unfinished: `stopped after --max-rounds ${maxRounds} rounds (${count} ${what.verb}); more may be left: run it again`,
      };
    }
    const answer = await what.call(cap === undefined ? size : Math.min(size, cap - count));
    if (!answer.response.ok) return outcomeOf(answer);
    const changed = (answer.data as { count: number }).count;
    rounds++;
    count += changed;
    progress(`round ${rounds}: ${changed} ${what.verb} (${count} in all)`);
    if (changed === 0) break;
  }
  return { ok: true, data: { count, rounds } };
}

/** `cancel <id>`, or `cancel` with filters: cancels pending messages, round after round. */
export const cancel: Command = async (invocation) => {
  const { client, args, option } = invocation;
  if (args[0] !== undefined) {
    return outcomeOf(
      await client.POST("/api/v1/messages/{id}/cancel", {
        params: { path: { id: messageId(args[0], "cancel") } },
      }),
    );
  }
  const filter = defined({
    to: option("to"),
    createdBefore: option("created-before"),
    createdAfter: option("created-after"),
  });
  if (Object.keys(filter).length === 0) {
    throw new UsageError(
      "cancel needs a message id, or at least one of --to, --created-before, --created-after",
    );
  }
  return inRounds(invocation, {
    verb: "cancelled",
    call: (limit) => client.POST("/api/v1/messages/cancel", { body: { ...filter, limit } }),
  });
};

/** `retry <id>`, or `retry` with filters: puts failed messages back to pending, round after round. */
export const retry: Command = async (invocation) => {
  const { client, args, option } = invocation;
  if (args[0] !== undefined) {
    return outcomeOf(
      await client.POST("/api/v1/messages/{id}/retry", {
        params: { path: { id: messageId(args[0], "retry") } },
      }),
    );
  }
  const filter = defined({
    lastErrorContains: option("last-error-contains"),
    failedSince: option("failed-since"),
  });
  if (Object.keys(filter).length === 0) {
    throw new UsageError("retry needs a message id, or --last-error-contains and/or --failed-since");
  }
  return inRounds(invocation, {
    verb: "retried",
    call: (limit) =>
      client.POST("/api/v1/messages/retry", { body: { status: "failed" as const, ...filter, limit } }),
  });
};
