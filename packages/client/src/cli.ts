import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createDispatcherClient, type DispatcherClient } from "./index.js";

/** What a run of the CLI printed and how it ended. */
export interface CliResult {
  /** 0 done; 1 the API refused (4xx/5xx, its message on stderr); 2 wrong usage; 3 the API could not be reached. */
  code: 0 | 1 | 2 | 3;
  stdout: string;
  stderr: string;
}

export const USAGE = `usage: dispatcher <command> [options]

Commands:
  status                              the dispatcher's state, paces and next run
  start | stop                        start or stop sending
  pace [--lane NAME] [--interval-ms N] [--batch-size N] [--max-length N]
                                      change a lane's pace (bulk without --lane) or the content limit
  send --to E164 --content TEXT [--priority LANE] [--send-at RFC3339]
       [--validity-seconds N] [--idempotency-key KEY]
                                      add a message
  retry <id> | retry --last-error-contains TEXT [--failed-since RFC3339] [--limit N]
                                      put a failed message (or failed messages by filter) back to pending
  cancel <id> | cancel [--to E164] [--created-before RFC3339] [--created-after RFC3339] [--limit N]
                                      cancel a pending message (or pending messages by filter)
  events [--limit N]                  the audit trail, newest first
  providers                           the providers, their routing and breakers
  provider <name> [--weight N] [--max-per-second N] [--burst N] [--countries TR,DE]
                                      one provider; with options, change its routing
                                      (--countries "" for every country)
  protection                          the pumping guard's rules, caps and quotas
  protection country <CC|*> <allow|block|monitor|remove>
                                      a country's rule (* : every country without one)
  protection number <E164> <allow|block|remove> [--until RFC3339] [--reason TEXT]
                                      one number's rule, over its country's
  protection numbers [--limit N]      the numbers with rules of their own
  protection caps [--lane NAME] [--per-hour N] [--per-day N] [--same-content-per-hour N]
                                      recipient caps (a lane's own with --lane; 0 = none)
  protection quota [--api-key NAME] [--per-day N] [--international-per-day N]
                                      API key quotas (one key's own with --api-key; 0 = none)
  protection home-countries <TR,DE|"">
                                      the countries whose numbers are not international
  spend [--from RFC3339] [--to RFC3339]
                                      spent and reserved by API key, country and provider
                                      (default: today, UTC), and each limit's standing
  spend prices [load FILE.json]       the price table; load replaces it with the file's
                                      ({"prices":[{"provider","country","price"}]} or the array)
  spend limits [--per-day X] [--per-month Y] [--api-key NAME]
                                      spend limits (the total's; one key's with --api-key;
                                      "none" removes one)

Options:
  --url URL        the API (default $DISPATCHER_URL, else http://127.0.0.1:3000)
  --key KEY        an API key (default $DISPATCHER_API_KEY)
  --help           this text

Prints the API's JSON answer. Exit codes: 0 done, 1 the API refused (its message on stderr),
2 wrong usage, 3 the API could not be reached.
`;

const OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  help: { type: "boolean" },
  "interval-ms": { type: "string" },
  "batch-size": { type: "string" },
  lane: { type: "string" },
  "max-length": { type: "string" },
  to: { type: "string" },
  content: { type: "string" },
  priority: { type: "string" },
  "send-at": { type: "string" },
  "validity-seconds": { type: "string" },
  "idempotency-key": { type: "string" },
  "last-error-contains": { type: "string" },
  "failed-since": { type: "string" },
  "created-before": { type: "string" },
  "created-after": { type: "string" },
  limit: { type: "string" },
  weight: { type: "string" },
  "max-per-second": { type: "string" },
  burst: { type: "string" },
  countries: { type: "string" },
  until: { type: "string" },
  reason: { type: "string" },
  "per-hour": { type: "string" },
  "per-day": { type: "string" },
  "same-content-per-hour": { type: "string" },
  "api-key": { type: "string" },
  "international-per-day": { type: "string" },
  "per-month": { type: "string" },
  from: { type: "string" },
} as const;

class UsageError extends Error {}

/** A whole number from an option, or undefined when it was not given; a usage error otherwise. */
function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** A message id argument. */
function messageId(value: string | undefined, command: string): string {
  if (value === undefined || !/^[1-9]\d{0,14}$/.test(value)) {
    throw new UsageError(
      `${command} needs a message id (a positive whole number)${value ? `, got "${value}"` : ""}`,
    );
  }
  return value;
}

/** Drops undefined fields, so the API sees only what was given. */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Answer = { data?: unknown; error?: unknown; response: Response };

/** Runs one command (its positional `args` and option `values`) against `client`; resolves the API's answer. */
async function run(
  client: DispatcherClient,
  invocation: { command: string; args: string[]; values: Record<string, string | boolean | undefined> },
): Promise<Answer> {
  const { command, args, values: v } = invocation;
  const s = (name: keyof typeof OPTIONS) => v[name] as string | undefined;
  switch (command) {
    case "status":
      return client.GET("/api/v1/dispatcher");
    case "start":
      return client.POST("/api/v1/dispatcher/start");
    case "stop":
      return client.POST("/api/v1/dispatcher/stop");
    case "pace": {
      const pace = defined({
        intervalMs: integer("interval-ms", s("interval-ms")),
        batchSize: integer("batch-size", s("batch-size")),
      });
      const lane = s("lane");
      if (lane !== undefined && Object.keys(pace).length === 0) {
        throw new UsageError("pace --lane needs --interval-ms or --batch-size");
      }
      const body = defined({
        ...(lane === undefined ? pace : { lanes: { [lane]: pace } }),
        messageMaxLength: integer("max-length", s("max-length")),
      });
      if (Object.keys(body).length === 0) throw new UsageError("pace needs at least one of its options");
      return client.PATCH("/api/v1/dispatcher", { body });
    }
    case "send": {
      const to = s("to");
      const content = s("content");
      if (!to || content === undefined) throw new UsageError("send needs --to and --content");
      const priority = s("priority");
      const key = s("idempotency-key");
      return client.POST("/api/v1/messages", {
        body: defined({
          to,
          content,
          priority,
          sendAt: s("send-at"),
          validitySeconds: integer("validity-seconds", s("validity-seconds")),
        }) as { to: string; content: string },
        params: { header: key === undefined ? {} : { "idempotency-key": key } },
      });
    }
    case "retry": {
      if (args[0] !== undefined) {
        return client.POST("/api/v1/messages/{id}/retry", {
          params: { path: { id: messageId(args[0], "retry") } },
        });
      }
      if (s("last-error-contains") === undefined && s("failed-since") === undefined) {
        throw new UsageError("retry needs a message id, or --last-error-contains and/or --failed-since");
      }
      return client.POST("/api/v1/messages/retry", {
        body: defined({
          status: "failed" as const,
          lastErrorContains: s("last-error-contains"),
          failedSince: s("failed-since"),
          limit: integer("limit", s("limit")),
        }) as { status: "failed" },
      });
    }
    case "cancel": {
      if (args[0] !== undefined) {
        return client.POST("/api/v1/messages/{id}/cancel", {
          params: { path: { id: messageId(args[0], "cancel") } },
        });
      }
      const filter = defined({
        to: s("to"),
        createdBefore: s("created-before"),
        createdAfter: s("created-after"),
      });
      if (Object.keys(filter).length === 0) {
        throw new UsageError(
          "cancel needs a message id, or at least one of --to, --created-before, --created-after",
        );
      }
      return client.POST("/api/v1/messages/cancel", {
        body: { ...filter, ...defined({ limit: integer("limit", s("limit")) }) },
      });
    }
    case "providers":
      return client.GET("/api/v1/providers");
    case "provider": {
      const name = args[0];
      if (name === undefined) throw new UsageError("provider needs a provider's name");
      const rate = s("max-per-second");
      if (rate !== undefined && !/^\d+(\.\d+)?$/.test(rate)) {
        throw new UsageError(`--max-per-second must be a number, got "${rate}"`);
      }
      const countries = s("countries");
      const body = defined({
        weight: integer("weight", s("weight")),
        maxPerSecond: rate === undefined ? undefined : Number(rate),
        burst: integer("burst", s("burst")),
        countries:
          countries === undefined
            ? undefined
            : countries
                .split(",")
                .map((c) => c.trim().toUpperCase())
                .filter(Boolean),
      });
      const path = { params: { path: { name } } };
      if (Object.keys(body).length === 0) return client.GET("/api/v1/providers/{name}", path);
      return client.PATCH("/api/v1/providers/{name}", { ...path, body });
    }
    case "protection":
      return runProtection(client, { args, option: s });
    case "spend":
      return runSpend(client, { args, option: s });
    case "events":
      return client.GET("/api/v1/dispatcher/events", {
        params: { query: defined({ limit: integer("limit", s("limit")) }) },
      });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const COUNTRY_ACTIONS = ["allow", "block", "monitor"] as const;

/** A command with subcommands (`protection …`, `spend …`): its positional arguments and its options. */
interface SubcommandInvocation {
  args: string[];
  option: (name: keyof typeof OPTIONS) => string | undefined;
}

/** `protection …`: shows or changes the pumping guard's rules (see USAGE). */
async function runProtection(client: DispatcherClient, invocation: SubcommandInvocation): Promise<Answer> {
  const { args, option } = invocation;
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

/** A money option: a decimal string, or null for "none"; undefined when not given. */
function money(name: string, value: string | undefined): string | null | undefined {
  if (value === undefined || value === "none") return value === undefined ? undefined : null;
  if (!/^\d{1,14}(\.\d{1,6})?$/.test(value)) {
    throw new UsageError(`--${name} must be an amount such as 12.50 (or none), got "${value}"`);
  }
  return value;
}

/** `spend …`: shows spend, and shows or changes prices and limits (see USAGE). */
async function runSpend(client: DispatcherClient, invocation: SubcommandInvocation): Promise<Answer> {
  const { args, option } = invocation;
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

/**
 * Runs the CLI with `argv` (without node and the script) and `env` (DISPATCHER_URL,
 * DISPATCHER_API_KEY); never throws and never exits: the caller prints and exits.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { code: 2, stdout: "", stderr: `${(error as Error).message}\n\n${USAGE}` };
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command)
    return { code: command || parsed.values.help ? 0 : 2, stdout: USAGE, stderr: "" };
  const baseUrl = parsed.values.url ?? env.DISPATCHER_URL ?? "http://127.0.0.1:3000";
  try {
    new URL(baseUrl);
  } catch {
    return {
      code: 2,
      stdout: "",
      stderr: `--url must be a URL such as http://127.0.0.1:3000, got "${baseUrl}"\n`,
    };
  }
  const client = createDispatcherClient({ baseUrl, apiKey: parsed.values.key ?? env.DISPATCHER_API_KEY });
  let answer: Answer;
  try {
    answer = await run(client, { command, args: rest, values: parsed.values });
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, stdout: "", stderr: `${error.message}\n\n${USAGE}` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    return { code: 3, stdout: "", stderr: `cannot reach the API at ${baseUrl}: ${why}\n` };
  }
  if (answer.response.ok)
    return { code: 0, stdout: `${JSON.stringify(answer.data ?? {}, null, 2)}\n`, stderr: "" };
  const body = answer.error as { message?: string } | undefined;
  const message = typeof body === "object" && body?.message ? body.message : JSON.stringify(body ?? "");
  return {
    code: 1,
    stdout: body && typeof body === "object" ? `${JSON.stringify(body, null, 2)}\n` : "",
    stderr: `${answer.response.status}: ${message}\n`,
  };
}
