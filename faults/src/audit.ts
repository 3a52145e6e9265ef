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
  /** Messages neither sent nor failed on purpose. */
  lost: number;
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

/**
 * The audit every scenario ends with:
 * - every message is `sent` exactly once in Postgres (or `failed`, only when `expectedFailed` says so);
 * - the provider accepted each sent message's Idempotency-Key exactly once, with the same content,
 *   and its messageId is the one stored;
 * - nothing is left `queued` or `sending`;
 * - with a secondary provider: no key reached both providers, and each sent message records the
 *   provider that accepted it.
 */
export async function auditStack(
  stack: FaultStack,
  scenario: string,
  drainMs: number,
  expectedFailed: (recipient: string) => boolean = () => false,
  /** A stored messageId that differs from the provider's record but is still right (a hostile answer's id). */
  alsoRightMessageId: (stored: string | null) => boolean = () => false,
): Promise<ScenarioResult> {
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
  const primary = await stack.received();
  const secondary = stack.secondary ? await stack.secondary.received() : undefined;
  const received = [...primary.received, ...(secondary?.received ?? [])];
  const counters = { duplicates: primary.counters.duplicates + (secondary?.counters.duplicates ?? 0) };
  const acceptedBy = new Map<string, string>(primary.received.map((r) => [r.idempotencyKey, "primary"]));
  const problems: string[] = [];
  for (const r of secondary?.received ?? []) {
    if (acceptedBy.has(r.idempotencyKey)) problems.push(`key ${r.idempotencyKey} reached both providers`);
    acceptedBy.set(r.idempotencyKey, "secondary");
  }
  const byKey = new Map(received.map((r) => [r.idempotencyKey, r]));
  let sent = 0;
  let failed = 0;
  let lost = 0;
  let stuck = 0;
  let duplicates = 0;
  const contents = new Map<string, number>();
  for (const r of received)
    contents.set(`${r.to}|${r.content}`, (contents.get(`${r.to}|${r.content}`) ?? 0) + 1);

  for (const row of rows) {
    const seen = byKey.get(row.idempotencyKey);
    if ((contents.get(`${row.recipient}|${row.content}`) ?? 0) > 1) duplicates++;
    if (row.status === "sent") {
      sent++;
      if (!seen) problems.push(`message ${row.id} is sent but the provider never accepted its key`);
      else if (secondary && acceptedBy.get(row.idempotencyKey) !== row.provider)
        problems.push(
          `message ${row.id} records provider ${row.provider}, but ${acceptedBy.get(row.idempotencyKey)} accepted it`,
        );
      else if (seen.messageId !== row.providerMessageId && !alsoRightMessageId(row.providerMessageId))
        problems.push(`message ${row.id} stores another messageId`);
    } else if (row.status === "failed") {
      if (expectedFailed(row.recipient)) failed++;
      else {
        lost++;
        problems.push(`message ${row.id} failed unexpectedly: ${row.lastError}`);
      }
      if (seen) problems.push(`message ${row.id} failed but the provider accepted it`);
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
  if (received.length !== sent)
    problems.push(`provider accepted ${received.length} keys for ${sent} sent messages`);
  return {
    scenario,
    messages: rows.length,
    sent,
    failed,
    duplicates,
    lost,
    stuck,
    repeatRequests: counters.duplicates,
    drainMs,
    passed: problems.length === 0,
    problems,
  };
}
