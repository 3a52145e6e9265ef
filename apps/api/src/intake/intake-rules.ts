import {
  checkCallbackUrl,
  countSegments,
  isCallbackHostError,
  type MessageInputError,
  readSchedule,
  type Schedule,
  type SegmentCount,
  validateMessageInput,
} from "@dispatcher/core";
import { type Db, listLanes, type StoredLane } from "@dispatcher/db";
import type { AppSettings } from "../app-deps.js";
import { type FieldError, HttpError } from "../http/error-handler.js";
import type { IntakeReads } from "./intake-reads.js";
import type { NewMessage } from "./new-message.js";

/** What the rules read besides the messages. */
export interface IntakeRuleDeps {
  db: Db;
  settings: Pick<AppSettings, "segments" | "callbacks">;
  /** The stored lanes by name, fresh enough to hold each of `wanted` that is stored (see createStoredLanes). */
  storedLanes: (wanted: readonly string[]) => Promise<ReadonlyMap<string, LaneInfo>>;
}

/** What intake reads of a stored lane: whether it sends on arrival (see Lane in @dispatcher/core). */
export type LaneInfo = Pick<StoredLane, "arrival">;

/** What passed the rules: each message's segment count and schedule, in the order given. */
export interface Checked {
  counts: SegmentCount[];
  schedules: Schedule[];
}

/** How intake counts a content's segments (PROVIDER_TURKISH_SHIFT_TABLES as set). */
export function countContent(deps: Pick<IntakeRuleDeps, "settings">, content: string): SegmentCount {
  return countSegments(content, { turkishShiftTables: deps.settings.segments.turkishShiftTables });
}

/**
 * Every rule of intake, for one message or a bulk, before anything is stored: a valid recipient
 * (where it may go is the pumping guard's: see admitMessages), content within the stored limit and MESSAGE_MAX_SEGMENTS, a
 * stored lane, a schedule readSchedule accepts, an acceptable callback URL (its own, else its API
 * key's `keyCallbackUrl`), a schedule read at `now`, the content limit of the `state` read (see
 * readIntake). Answers every field error, each with its item's index; none when all pass.
 */
export async function checkMessages(
  deps: IntakeRuleDeps,
  items: readonly NewMessage[],
  context: {
    keyCallbackUrl: { actor: string | undefined; url: string | undefined };
    now: Date;
    state: Pick<IntakeReads["state"], "messageMaxLength">;
  },
): Promise<{ errors: FieldError[]; checked: Checked }> {
  const { keyCallbackUrl, now, state } = context;
  const counts = items.map((m) => countContent(deps, m.content));
  const scheduled = items.map((m) => readSchedule(m, now));
  const errors: FieldError[] = [];
  const add = (index: number, found: MessageInputError[] | FieldError[]) => {
    for (const e of found) errors.push({ index, field: e.field, message: e.message });
  };
  const max = deps.settings.segments.max;
  const lanes = await deps.storedLanes(items.flatMap((m) => (m.priority === undefined ? [] : [m.priority])));
  for (const [index, m] of items.entries()) {
    add(index, validateMessageInput(m, state.messageMaxLength));
    const count = counts[index]!;
    if (max > 0 && count.segments > max) {
      const message = `takes ${count.segments} SMS segments (${count.encoding}); at most ${max} (MESSAGE_MAX_SEGMENTS)`;
      add(index, [{ field: "content", message }]);
    }
    if (m.priority !== undefined && !lanes.has(m.priority)) {
      add(index, [{ field: "priority", message: `names no lane (GET /api/v1/dispatcher lists them)` }]);
    }
    add(index, scheduled[index]!.errors);
  }
  errors.push(...(await callbackErrors(deps, items, keyCallbackUrl)));
  errors.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const schedules = scheduled.map((s) => s.schedule ?? { sendAt: null, expiresAt: null });
  return { errors, checked: { counts, schedules } };
}

/** How long Retry-After says to wait when a callback host's DNS gave no answer, in seconds. */
const CALLBACK_DNS_RETRY_SECONDS = 5;

/**
 * Field errors for callback URLs (a message's own, else its API key's): callbacks off, not
 * http(s), a host DNS says does not exist, or (without ALLOW_PRIVATE_CALLBACKS) a private
 * address. Each distinct URL is checked once per request. Throws a 503 HttpError
 * (`callback_dns_unavailable`, with Retry-After) when DNS gives no answer for a host in time:
 * that says nothing of the URL, so it is never a 400.
 */
async function callbackErrors(
  deps: Pick<IntakeRuleDeps, "settings">,
  items: readonly NewMessage[],
  key: { actor: string | undefined; url: string | undefined },
): Promise<FieldError[]> {
  const callbacks = deps.settings.callbacks;
  const checks = new Map<string, Promise<string | undefined>>();
  const check = (url: string) => {
    let result = checks.get(url);
    if (!result) {
      result = callbacks
        ? checkCallbackUrl(url, { allowPrivate: callbacks.allowPrivate, resolve: callbacks.resolve })
        : Promise.resolve(
            "is not accepted: status callbacks are off (they need CALLBACK_SIGNING_SECRET and RECEIPT_SECRET set)",
          );
      checks.set(url, result);
    }
    return result;
  };
  const errors = await Promise.all(
    items.map(async (m, index): Promise<FieldError[]> => {
      const url = m.callbackUrl ?? key.url;
      if (url === undefined) return [];
      const source =
        m.callbackUrl === undefined ? `(the default of API key "${key.actor}", API_KEY_CALLBACK_URLS) ` : "";
      let refused: string | undefined;
      try {
        refused = await check(url);
      } catch (error) {
        if (!isCallbackHostError(error, "unavailable")) throw error;
        throw new HttpError(
          503,
          `callbackUrl ${source}${error.message}; nothing was stored, try again later`,
          [],
          {
            code: "callback_dns_unavailable",
            rule: "a callback URL's host must resolve to public addresses, and DNS did not answer in time",
            retryAfterSeconds: CALLBACK_DNS_RETRY_SECONDS,
          },
        );
      }
      return refused ? [{ index, field: "callbackUrl", message: `${source}${refused}` }] : [];
    }),
  );
  return errors.flat();
}

/**
 * Refuses the request (409, every such item named) when any message goes to a number on the
 * suppression list (`optOuts`, as readIntake read it).
 */
export function refuseOptedOut(
  optOuts: IntakeReads["optOuts"],
  items: readonly { to: string }[],
  bulk: boolean,
): void {
  const errors: FieldError[] = items.flatMap((m, index) => {
    const optOut = optOuts.get(m.to);
    if (!optOut) return [];
    const message = `is on the suppression list (${optOut.reason}); DELETE /api/v1/opt-outs/${m.to} to allow it`;
    return [bulk ? { index, field: "to", message } : { field: "to", message }];
  });
  if (errors.length === 0) return;
  const first = errors[0]!;
  const where = first.index === undefined ? "" : `messages[${first.index}].`;
  throw new HttpError(
    409,
    `${where}to ${first.message}${errors.length > 1 ? `; and ${errors.length - 1} more` : ""}`,
    errors,
  );
}

/** How long the stored lanes are trusted before a name not among them is looked up again, in ms. */
const LANE_NAMES_TTL_MS = 5_000;

/**
 * The stored lanes by name, from a list read at most every LANE_NAMES_TTL_MS, and read again at
 * once (one query, whatever the request) when it lacks a wanted name (a lane added since), so
 * intake of known lanes costs no query. A lane's `arrival` may be up to LANE_NAMES_TTL_MS old.
 */
export function createStoredLanes(
  db: Db,
): (wanted: readonly string[]) => Promise<ReadonlyMap<string, LaneInfo>> {
  let lanes = new Map<string, LaneInfo>();
  let readAt = Number.NEGATIVE_INFINITY;
  return async (wanted) => {
    const fresh = Date.now() - readAt < LANE_NAMES_TTL_MS;
    if (fresh && wanted.every((name) => lanes.has(name))) return lanes;
    lanes = new Map((await listLanes(db)).map((lane) => [lane.name, { arrival: lane.arrival }]));
    readAt = Date.now();
    return lanes;
  };
}
