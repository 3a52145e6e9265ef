import { recipientHash } from "@dispatcher/core";
import { findIntake, insertMessages, insertMessagesOnce, type Message } from "@dispatcher/db";
import { intakeTraceparents } from "@dispatcher/telemetry";
import type { AppSettings } from "../app-deps.js";
import { invalidInput, unprocessable } from "../http/error-handler.js";
import { type ControlTables, readIntake } from "./intake-reads.js";
import { checkMessages, type IntakeRuleDeps, refuseOptedOut } from "./intake-rules.js";
import { type NewMessage, requestHash, rowOf } from "./new-message.js";
import { admitMessages, type GuardDeps } from "./protection-guard.js";
import { planSpend, type SpendDeps } from "./spend-guard.js";

/**
 * What intake needs: the rules' (see IntakeRuleDeps), the guards', the key TTL, the recipient
 * hash's key, and who hears stored messages.
 */
export interface IntakeDeps extends IntakeRuleDeps, GuardDeps, SpendDeps {
  settings: IntakeRuleDeps["settings"] & Pick<AppSettings, "intakeKeyTtlMs" | "recipientHashKey">;
  metrics?: GuardDeps["metrics"] & SpendDeps["metrics"];
  /** The control tables, kept while their version stays (see createControlTables). */
  control: ControlTables;
  /** Hears each message stored (not those of a replayed request). */
  onStored?: (message: Message) => void;
  /**
   * Wakes the lanes that send on arrival (see ARRIVAL_QUEUE), once per request that stored due
   * messages in them; best effort: a lost wake-up leaves its messages to the next tick.
   */
  wake?: (lanes: readonly string[]) => Promise<void>;
}

/** Who is asking, and how. */
export interface IntakeRequest {
  /** The API key's name (`anonymous` without keys). */
  actor: string | undefined;
  /** The client's Idempotency-Key, if it sent one. */
  idempotencyKey: string | undefined;
  /** The route (single or bulk): the same key on the other route is another request. */
  route: string;
  /** A bulk request: its field errors name each item's index. */
  bulk: boolean;
}

/** What intake did: stored `messages` (in the order given), or `replayed` them from an earlier request with the key. */
export interface IntakeResult {
  replayed: boolean;
  messages: Message[];
}

/**
 * Takes messages in, one or a bulk, all or nothing: every rule (checkMessages) before anything
 * is stored, a 400 naming every bad field (with its index in a bulk), a 409 for numbers on the
 * suppression list, the spend guard's prices (planSpend: 403 `spend_unpriced` for a message with
 * no price under a spend limit), the pumping guard (admitMessages: 403 for a blocked recipient,
 * 429 past a cap or quota, whose counts are given back when nothing is stored), then one insert,
 * which reserves each message's estimate against the spend limits in the same statement (429
 * `spend_daily_limit` or `spend_monthly_limit` past one, nothing stored). With an Idempotency-Key, a request is stored at most once
 * per key and API key name: a retry with the same request gets the first answer again (before
 * any rule runs, so rules changed since do not matter) and stores nothing; the same key with
 * another request is a 422 and stores nothing.
 */
export async function acceptMessages(
  deps: IntakeDeps,
  items: readonly NewMessage[],
  request: IntakeRequest,
): Promise<IntakeResult> {
  const scope = request.actor ?? "anonymous";
  const key =
    request.idempotencyKey === undefined
      ? undefined
      : {
          scope,
          key: request.idempotencyKey,
          requestHash: requestHash(request.route, items),
          ttlMs: deps.settings.intakeKeyTtlMs,
        };
  let outcome = key && (await findIntake(deps.db, key));
  if (!outcome) {
    const byKey = deps.settings.callbacks?.byKey;
    const keyUrl =
      request.actor !== undefined && byKey && Object.hasOwn(byKey, request.actor)
        ? byKey[request.actor]
        : undefined;
    const read = await readIntake(
      deps,
      items.map((m) => m.to),
    );
    const { errors, checked } = await checkMessages(deps, items, {
      keyCallbackUrl: { actor: request.actor, url: keyUrl },
      now: new Date(),
      state: read.state,
    });
    if (errors.length > 0) {
      throw invalidInput(request.bulk ? errors : errors.map(({ index: _, ...e }) => e));
    }
    refuseOptedOut(read.optOuts, items, request.bulk);
    const spend = await planSpend(
      deps,
      items.map((m, i) => ({ to: m.to, segments: checked.counts[i]!.segments })),
      { actor: scope, spend: read.spend },
    );
    const admission = await admitMessages(deps, items, { actor: scope, bulk: request.bulk, rules: read });
    const traces = intakeTraceparents(items.length);
    const rows = items.map((m, i) =>
      rowOf(m, {
        count: checked.counts[i]!,
        schedule: checked.schedules[i]!,
        callbackUrl: keyUrl,
        traceContext: traces[i]!,
        recipientHash: recipientHash(deps.settings.recipientHashKey, m.to),
        spend: { apiKey: scope, country: spend.countries[i]!, estimatedCost: spend.estimates[i]! },
      }),
    );
    try {
      outcome = key
        ? await insertMessagesOnce(deps.db, key, rows)
        : { kind: "stored", messages: await insertMessages(deps.db, rows) };
    } catch (error) {
      await admission.release().catch(() => undefined);
      return spend.refused(error);
    }
    // Best effort: the messages are stored whatever becomes of their audit.
    if (outcome.kind === "stored") {
      await admission.recordMonitored().catch(() => undefined);
      await spend.stored().catch(() => undefined);
    } else await admission.release();
  }
  if (outcome.kind === "mismatch") {
    throw unprocessable(
      "this Idempotency-Key was already used with another request; send a new key for a new request",
    );
  }
  if (outcome.kind === "stored") {
    for (const m of outcome.messages) deps.onStored?.(m);
    await wakeArrivalLanes(deps, outcome.messages);
  }
  return { replayed: outcome.kind === "replayed", messages: outcome.messages };
}

/** Wakes each lane that sends on arrival and got a message due now (not one scheduled later). */
async function wakeArrivalLanes(deps: IntakeDeps, messages: readonly Message[]): Promise<void> {
  if (!deps.wake) return;
  const lanes = await deps.storedLanes([]);
  const now = Date.now();
  const due = messages.filter(
    (m) => lanes.get(m.priority)?.arrival && (m.sendAt === null || m.sendAt.getTime() <= now),
  );
  if (due.length > 0) await deps.wake([...new Set(due.map((m) => m.priority))]);
}
