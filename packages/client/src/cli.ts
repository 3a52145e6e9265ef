import { parseArgs } from "node:util";
import { formatApiProblem, readApiProblem } from "./api-problem.js";
import { COMMANDS, commandUsage, usage } from "./cli/commands.js";
import { OPTIONS, type Outcome, UsageError } from "./cli/invocation.js";
import { render } from "./cli/output.js";
import { packageVersion } from "./cli/version.js";
import { createDispatcherClient } from "./index.js";

/**
 * How a run of the CLI ended: 0 done; 1 the API refused; 2 wrong usage; 3 the API could not be
 * reached; 4 the API did not answer within the timeout; 5 a bulk command stopped at its round limit
 * with messages left.
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5;

/** What a run of the CLI printed and how it ended. */
export interface CliResult {
  code: ExitCode;
  stdout: string;
  stderr: string;
}

/** Where and how the CLI runs. */
export interface CliOptions {
  /** Whether stdout is a terminal: a table is printed then, JSON otherwise (and always with --json). @defaultValue false */
  tty?: boolean;
  /** Hears each progress line as it happens (the CLI's process writes it to stderr); when left out, the lines go to the result's `stderr`. */
  progress?: (line: string) => void;
}

/** Seconds the CLI waits for each answer unless --timeout or DISPATCHER_TIMEOUT says. @defaultValue 30 */
const DEFAULT_TIMEOUT_SECONDS = 30;

/** The seconds of --timeout (else DISPATCHER_TIMEOUT, else the default) as ms; a usage error if not a positive number. */
function timeoutMs(given: string | undefined): number {
  const value = given ?? String(DEFAULT_TIMEOUT_SECONDS);
  if (!/^\d{1,6}(\.\d{1,3})?$/.test(value) || Number(value) <= 0) {
    throw new UsageError(`--timeout must be a number of seconds above 0, got "${value}"`);
  }
  return Math.round(Number(value) * 1_000);
}

/** The CLI's answer to an error thrown by a request: unreachable (3) or timed out (4). */
function failedRequest(error: unknown, baseUrl: string, timeout: number): CliResult {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError") {
    return {
      code: 4,
      stdout: "",
      stderr: `the API at ${baseUrl} did not answer within ${timeout / 1_000} s (--timeout)\n`,
    };
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  return { code: 3, stdout: "", stderr: `cannot reach the API at ${baseUrl}: ${why}\n` };
}

/**
 * Runs the CLI with `argv` (without node and the script) and `env` (DISPATCHER_URL,
 * DISPATCHER_API_KEY, DISPATCHER_TIMEOUT); never throws and never exits: the caller prints and exits.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  options: CliOptions = {},
): Promise<CliResult> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { code: 2, stdout: "", stderr: `${(error as Error).message}\n\n${usage()}` };
  }
  const { values } = parsed;
  const [command, ...args] = parsed.positionals;
  if (values.version) return { code: 0, stdout: `${packageVersion()}\n`, stderr: "" };
  if (command === "help") {
    const entry = args[0] === undefined ? undefined : COMMANDS[args[0]];
    if (args[0] !== undefined && entry === undefined) {
      return { code: 2, stdout: "", stderr: `unknown command "${args[0]}"\n\n${usage()}` };
    }
    return { code: 0, stdout: entry ? commandUsage(entry) : usage(), stderr: "" };
  }
  if (!command)
    return values.help ? { code: 0, stdout: usage(), stderr: "" } : { code: 2, stdout: "", stderr: usage() };
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (entry === undefined)
    return { code: 2, stdout: "", stderr: `unknown command "${command}"\n\n${usage()}` };
  if (values.help) return { code: 0, stdout: commandUsage(entry), stderr: "" };

  const baseUrl = values.url ?? env.DISPATCHER_URL ?? "http://127.0.0.1:3000";
  try {
    new URL(baseUrl);
  } catch {
    return {
      code: 2,
      stdout: "",
      stderr: `--url must be a URL such as http://127.0.0.1:3000, got "${baseUrl}"\n`,
    };
  }
  let timeout: number;
  try {
    timeout = timeoutMs(values.timeout ?? env.DISPATCHER_TIMEOUT);
  } catch (error) {
    return { code: 2, stdout: "", stderr: `${(error as Error).message}\n\n${commandUsage(entry)}` };
  }
  const client = createDispatcherClient({
    baseUrl,
    apiKey: values.key ?? env.DISPATCHER_API_KEY,
    timeoutMs: timeout,
  });
  let progress = "";
  let outcome: Outcome;
  try {
    outcome = await entry.run({
      client,
      args,
      option: (name) => values[name] as string | undefined,
      flag: (name) => values[name] === true,
      progress: options.progress ?? ((line) => (progress += `${line}\n`)),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      return { code: 2, stdout: "", stderr: `${progress}${error.message}\n\n${commandUsage(entry)}` };
    }
    const failed = failedRequest(error, baseUrl, timeout);
    return { ...failed, stderr: progress + failed.stderr };
  }
  const json = values.json === true || options.tty !== true;
  if (!outcome.ok) {
    const problem = readApiProblem(outcome.error, outcome.response);
    const body = outcome.error;
    return {
      code: 1,
      stdout: json && typeof body === "object" && body !== null ? `${JSON.stringify(body, null, 2)}\n` : "",
      stderr: progress + formatApiProblem(problem),
    };
  }
  const stdout = render(outcome.data, { json, columns: outcome.columns });
  if (outcome.unfinished) return { code: 5, stdout, stderr: `${progress}${outcome.unfinished}\n` };
  return { code: 0, stdout, stderr: progress };
}
