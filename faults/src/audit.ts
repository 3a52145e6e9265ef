import type { MockProviderClient } from "@dispatcher/mock-provider";
import type { FaultStack } from "./fault-stack.js";

/** One row of the report: what a scenario's end-of-run audit found. */
export interface ScenarioResult {
  scenario: string;
  messages: number;
  sent: number;
  /** Messages failed on purpose by the scenario (permanent errors). */
  failed: number;
  /** Messages recorded sent more than once, or accepted by the provider under more than one key. */
  duplicates: number;
  /** Messages neither sent nor failed on purpose (nor `unconfirmed`, where the scenario allows it). */
  lost: number;
  /** Messages ended `unconfirmed`: their provider may have sent them and cannot tell. */
  unconfirmed: number;
  /** Messages left queued or sending. */
  stuck: number;
  /** Repeat requests the provider deduplicated by Idempotency-Key (at-least-once at work). */
  repeatRequests: number;
  drainMs: number;
  passed: boolean;
  problems: string[];
  /** What the scenario measured beyond the audit (its own figure for the report), if anything. */
  figure?: string;
}

/** What an audit allows beyond every message `sent` exactly once. */
export interface AuditOptions {
  /** Recipients the scenario fails on purpose (permanent errors). */
  expectedFailed?: (recipient: string) => boolean;
  /** A stored messageId that differs from the provider's record but is still right (a hostile answer's id). */
  alsoRightMessageId?: (stored: string | null) => boolean;
  /** The mock provider of each provider, by name (default: the stack's primary, and its secondary). */
  providers?: Record<string, MockProviderClient>;
  /**
   * Messages may end `unconfirmed` (a provider that cannot be asked gave an unclear answer); each
   * is reached by at most one provider, and at most once.
   */
  allowUnconfirmed?: boolean;
}

/**
 * The audit every scenario ends with:
 * - every message is `sent` exactly once in Postgres (or `failed`, only when `expectedFailed` says
 *   so; or `unconfirmed`, only when `allowUnconfirmed`);
 * - the provider accepted each sent message's Idempotency-Key (or reference) exactly once, with
 *   the same content, and its messageId is the one stored; no recipient got an SMS twice (a
 *   provider without idempotency keys counts every repeat as another SMS);
 * - nothing is left `queued` or `sending`;
 * - with several providers: no key reached two providers, and each sent message records the
 *   provider that accepted it.
 */
export async function auditStack(
  stack: FaultStack,
  scenario: string,
  drainMs: number,
  options: AuditOptions = {},
): Promise<ScenarioResult> {
  const expectedFailed = options.expectedFailed ?? (() => false);
  const alsoRightMessageId = options.alsoRightMessageId ?? (() => false);
  const rows = await stack.db
    .selectFrom("messages")
    .select([
      "id",
      "recipient",
      "content",
      "status",
      "idempotencyKey",
      "providerMessageId",
      "lastError",
      "provider",
    ])
    .execute();
  const mocks = options.providers ?? {
    primary: stack,
    ...(stack.secondary ? { secondary: stack.secondary } : {}),
  };
  const lists = await Promise.all(
    Object.entries(mocks).map(async ([name, mock]) => ({ name, list: await mock.received() })),
  );
  const several = lists.length > 1;
  const received = lists.flatMap((l) => l.list.received);
  const counters = { duplicates: lists.reduce((sum, l) => sum + l.list.counters.duplicates, 0) };
  const acceptedBy = new Map<string, string>();
  const problems: string[] = [];
  for (const { name, list } of lists) {
    for (const r of list.received) {
      if (acceptedBy.has(r.idempotencyKey)) problems.push(`key ${r.idempotencyKey} reached two providers`);
      acceptedBy.set(r.idempotencyKey, name);
      if (r.sends > 1) problems.push(`key ${r.idempotencyKey} was sent ${r.sends} times by ${name}`);
    }
  }
  const byKey = new Map(received.map((r) => [r.idempotencyKey, r]));
  let sent = 0;
  let failed = 0;
  let lost = 0;
  let stuck = 0;
  let unconfirmed = 0;
  let duplicates = 0;
  const contents = new Map<string, number>();
  for (const r of received)
    contents.set(`${r.to}|${r.content}`, (contents.get(`${r.to}|${r.content}`) ?? 0) + 1);

  for (const row of rows) {
    const seen = byKey.get(row.idempotencyKey);
    if ((contents.get(`${row.recipient}|${row.content}`) ?? 0) > 1 || (seen?.sends ?? 0) > 1) duplicates++;
    if (row.status === "sent") {
      sent++;
      if (!seen) problems.push(`message ${row.id} is sent but the provider never accepted its key`);
      else if (several && acceptedBy.get(row.idempotencyKey) !== row.provider)
        problems.push(
          `message ${row.id} records provider ${row.provider}, but ${acceptedBy.get(row.idempotencyKey)} accepted it`,
        );
      else if (seen.messageId !== row.providerMessageId && !alsoRightMessageId(row.providerMessageId))
        problems.push(`message ${row.id} stores another messageId`);
    } else if (row.status === "failed") {
      // An erased message has no recipient left to judge by (fault runs erase none).
      if (expectedFailed(row.recipient ?? "")) failed++;
      else {
        lost++;
        problems.push(`message ${row.id} failed unexpectedly: ${row.lastError}`);
      }
      if (seen) problems.push(`message ${row.id} failed but the provider accepted it`);
    } else if (row.status === "unconfirmed" && options.allowUnconfirmed) {
      unconfirmed++;
    } else if (row.status === "queued" || row.status === "sending") {
      stuck++;
      lost++;
    } else {
      lost++;
    }
  }
  if (stuck > 0) problems.push(`${stuck} messages stuck in queued/sending`);
  if (lost > 0 && stuck === 0) problems.push(`${lost} messages lost`);
  if (duplicates > 0) problems.push(`${duplicates} messages delivered more than once`);
  const unconfirmedKeys = new Set(
    rows.filter((r) => r.status === "unconfirmed").map((r) => r.idempotencyKey),
  );
  const acceptedForSent = received.filter((r) => !unconfirmedKeys.has(r.idempotencyKey)).length;
  if (acceptedForSent !== sent)
    problems.push(`providers accepted ${acceptedForSent} keys for ${sent} sent messages`);
  return {
    scenario,
    messages: rows.length,
    sent,
    failed,
    duplicates,
    lost,
    stuck,
    unconfirmed,
    repeatRequests: counters.duplicates,
    drainMs,
    passed: problems.length === 0,
    problems,
  };
}
