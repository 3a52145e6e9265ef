import type { DispatcherClient } from "../index.js";

/** Every option the CLI knows; a command reads the ones its help names. */
export const OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  timeout: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean" },
  version: { type: "boolean" },
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
  "max-rounds": { type: "string" },
  cursor: { type: "string" },
  all: { type: "boolean" },
  status: { type: "string" },
  "delivery-status": { type: "string" },
  source: { type: "string" },
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

export type OptionName = keyof typeof OPTIONS;

/** Wrong usage: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {}

/** What a command answered: the API's data, or its refusal (an error body and its response). */
export type Outcome =
  | {
      ok: true;
      data: unknown;
      /** The fields a table of the answer's items shows. */
      columns?: readonly string[];
      /** Why the command stopped before it was done (exit 5), when it did. */
      unfinished?: string;
    }
  | { ok: false; error: unknown; response: Response };

/** One run of a command: the client, its positional arguments and its options. */
export interface Invocation {
  client: DispatcherClient;
  /** The positional arguments after the command's name. */
  args: string[];
  /** An option's string value, or undefined when it was not given. */
  option: (name: OptionName) => string | undefined;
  /** Whether a boolean option was given. */
  flag: (name: OptionName) => boolean;
  /** Hears one line of progress (bulk rounds, pages), printed on stderr. */
  progress: (line: string) => void;
}

/** A command: runs one invocation, resolving its outcome; throws UsageError on wrong usage. */
export type Command = (invocation: Invocation) => Promise<Outcome>;

/** The outcome of one openapi-fetch call; `columns` name the fields a table of its items shows. */
export function outcomeOf(
  answer: { data?: unknown; error?: unknown; response: Response },
  columns?: readonly string[],
): Outcome {
  if (!answer.response.ok) return { ok: false, error: answer.error, response: answer.response };
  return columns ? { ok: true, data: answer.data ?? {}, columns } : { ok: true, data: answer.data ?? {} };
}

/** A whole number from an option, or undefined when it was not given; a usage error otherwise. */
export function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** A message id argument: a positive whole number (so it cannot leave its path segment). */
export function messageId(value: string | undefined, command: string): string {
  if (value === undefined || !/^[1-9]\d{0,14}$/.test(value)) {
    throw new UsageError(
      `${command} needs a message id (a positive whole number)${value ? `, got "${value}"` : ""}`,
    );
  }
  return value;
}

/** A phone number argument: `+` and 2..15 digits (the API checks it fully). */
export function phoneNumber(value: string | undefined, command: string): string {
  if (value === undefined || !/^\+[1-9]\d{1,14}$/.test(value)) {
    throw new UsageError(
      `${command} needs a phone number in E.164 form such as +905551111111${value ? `, got "${value}"` : ""}`,
    );
  }
  return value;
}

/** Drops undefined fields, so the API sees only what was given. */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
