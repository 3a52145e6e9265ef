import { cancel, retry } from "./bulk-commands.js";
import { events, pace, start, status, stop } from "./dispatcher-commands.js";
import type { Command } from "./invocation.js";
import { estimate, get, list, receipts, send, sent } from "./message-commands.js";
import { optOuts } from "./opt-out-commands.js";
import { protection } from "./protection-commands.js";
import { provider, providers } from "./provider-commands.js";
import { spend } from "./spend-commands.js";

/** A command of the CLI and its help: `synopsis` lines, what it does, and more for `help <command>`. */
export interface CommandEntry {
  run: Command;
  synopsis: string[];
  summary: string;
  details?: string[];
}

const PAGES = [
  "--limit N     items a page (1..200; the API's default 50)",
  "--cursor C    start at this page (a previous answer's nextCursor)",
  "--all         follow nextCursor to the last page and print every item",
];

const ROUNDS = [
  "The API acts on a batch a call; the CLI calls again until a round changes nothing, printing",
  "a line a round on stderr, and answers {count, rounds}.",
  "--limit N        at most N messages in all",
  "--batch-size N   messages a round (1..10000, default 1000)",
  "--max-rounds N   rounds at most (default 100); stopping there with messages left exits 5",
];

/** Every command, by name, in the order `--help` lists them. */
export const COMMANDS: Record<string, CommandEntry> = {
  status: { run: status, synopsis: ["status"], summary: "the dispatcher's state, paces and next run" },
  start: { run: start, synopsis: ["start"], summary: "start sending" },
  stop: { run: stop, synopsis: ["stop"], summary: "stop sending" },
  pace: {
    run: pace,
    synopsis: ["pace [--lane NAME] [--interval-ms N] [--batch-size N] [--max-length N]"],
    summary: "change a lane's pace (bulk without --lane) or the content limit",
  },
  send: {
    run: send,
    synopsis: [
      "send --to E164 --content TEXT [--priority LANE] [--send-at RFC3339]",
      "     [--validity-seconds N] [--idempotency-key KEY]",
    ],
    summary: "add a message",
  },
  get: { run: get, synopsis: ["get <id>"], summary: "one message: status, attempts, errors, times" },
  list: {
    run: list,
    synopsis: [
      "list [--status S] [--delivery-status S] [--lane L] [--to E164] [--limit N] [--cursor C] [--all]",
    ],
    summary: "messages, newest first",
    details: [
      "--status S            pending, queued, sending, sent, failed, cancelled, expired, unconfirmed",
      "--delivery-status S   delivered, failed, undelivered, expired, unknown",
      "--to E164             one recipient's messages (erased ones included)",
      ...PAGES,
    ],
  },
  sent: {
    run: sent,
    synopsis: ["sent [--limit N] [--cursor C] [--all]"],
    summary: "sent messages, newest first",
    details: PAGES,
  },
  receipts: { run: receipts, synopsis: ["receipts <id>"], summary: "a message's delivery receipts" },
  estimate: {
    run: estimate,
    synopsis: ["estimate --content TEXT"],
    summary: "a content's encoding and segments, without storing it",
  },
  retry: {
    run: retry,
    synopsis: [
      "retry <id> | retry [--last-error-contains TEXT] [--failed-since RFC3339]",
      "                   [--limit N] [--batch-size N] [--max-rounds N]",
    ],
    summary: "put a failed message (or failed messages by filter) back to pending",
    details: ROUNDS,
  },
  cancel: {
    run: cancel,
    synopsis: [
      "cancel <id> | cancel [--to E164] [--created-before RFC3339] [--created-after RFC3339]",
      "                     [--limit N] [--batch-size N] [--max-rounds N]",
    ],
    summary: "cancel a pending message (or pending messages by filter)",
    details: ROUNDS,
  },
  events: {
    run: events,
    synopsis: ["events [--limit N] [--cursor C] [--all]"],
    summary: "the audit trail, newest first",
    details: PAGES,
  },
  "opt-outs": {
    run: optOuts,
    synopsis: [
      "opt-outs [--source operator|provider|keyword] [--limit N] [--cursor C] [--all]",
      "opt-outs <E164> | opt-outs add <E164> [--reason TEXT] | opt-outs remove <E164>",
    ],
    summary: "list the suppression list, look a number up on it, put it there, or take it off",
    details: PAGES,
  },
  providers: {
    run: providers,
    synopsis: ["providers"],
    summary: "the providers, their routing and breakers",
  },
  provider: {
    run: provider,
    synopsis: ["provider <name> [--weight N] [--max-per-second N] [--burst N] [--countries TR,DE]"],
    summary: 'one provider; with options, change its routing (--countries "" for every country)',
  },
  protection: {
    run: protection,
    synopsis: [
      "protection",
      "protection country <CC|*> <allow|block|monitor|remove>",
      "protection number <E164> <allow|block|remove> [--until RFC3339] [--reason TEXT]",
      "protection numbers [--limit N]",
      "protection caps [--lane NAME] [--per-hour N] [--per-day N] [--same-content-per-hour N]",
      "protection quota [--api-key NAME] [--per-day N] [--international-per-day N]",
      'protection home-countries <TR,DE|"">',
    ],
    summary: "the pumping guard's rules, caps and quotas",
    details: [
      "country          a country's rule (* : every country without one)",
      "number           one number's rule, over its country's",
      "numbers          the numbers with rules of their own",
      "caps             recipient caps (a lane's own with --lane; 0 = none)",
      "quota            API key quotas (one key's own with --api-key; 0 = none)",
      "home-countries   the countries whose numbers are not international",
    ],
  },
  spend: {
    run: spend,
    synopsis: [
      "spend [--from RFC3339] [--to RFC3339]",
      "spend prices [load FILE.json]",
      "spend limits [--per-day X] [--per-month Y] [--api-key NAME]",
    ],
    summary: "spend by API key, country and provider (default: today, UTC), prices and limits",
    details: [
      "prices load   replaces the price table with the file's",
      '              ({"prices":[{"provider","country","price"}]} or the array)',
      "limits        the total's limits (one key's with --api-key; \"none\" removes one)",
    ],
  },
};

const OPTIONS_HELP = `Options:
  --url URL        the API (default $DISPATCHER_URL, else http://127.0.0.1:3000)
  --key KEY        an API key (default $DISPATCHER_API_KEY)
  --timeout S      seconds to wait for each answer (default $DISPATCHER_TIMEOUT, else 30)
  --json           print JSON (the default when stdout is not a terminal; a table otherwise)
  --help           this text; \`dispatcher help <command>\` or \`<command> --help\` for one command
  --version        the CLI's version

Exit codes: 0 done; 1 the API refused (its message, field errors, code and request id on
stderr); 2 wrong usage; 3 the API could not be reached; 4 the API did not answer within
--timeout; 5 a bulk cancel or retry stopped at --max-rounds with messages left.
`;

/** The whole help: every command, the options and the exit codes. */
export function usage(): string {
  const lines = Object.values(COMMANDS).flatMap((entry) => [
    ...entry.synopsis.map((s) => `  ${s}`),
    `      ${entry.summary}`,
  ]);
  return `usage: dispatcher <command> [options]\n\nCommands:\n${lines.join("\n")}\n\n${OPTIONS_HELP}`;
}

/** One command's help, with the options and exit codes. */
export function commandUsage(entry: CommandEntry): string {
  const details = entry.details ? `\n${entry.details.map((d) => `  ${d}`).join("\n")}\n` : "";
  return `usage: dispatcher ${entry.synopsis.join(`\n       dispatcher `)}\n\n${entry.summary[0]?.toUpperCase()}${entry.summary.slice(1)}.\n${details}\n${OPTIONS_HELP}`;
}
