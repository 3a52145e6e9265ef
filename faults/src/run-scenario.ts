import { expect } from "vitest";
import { type AuditOptions, auditStack, type ScenarioResult } from "./audit.js";
import type { FaultStack } from "./fault-stack.js";
import { recordResult } from "./report.js";

/**
 * Waits for `stack` to drain, audits it, records the result for the report, and asserts the audit
 * passed. `startedAt` is when the scenario's first message was added.
 */
export async function finishScenario(
  stack: FaultStack,
  scenario: string,
  startedAt: number,
  options: AuditOptions & {
    drainTimeoutMs?: number;
    /** The scenario's own figure for the report, measured once the stack has drained. */
    figure?: () => string | Promise<string>;
  } = {},
): Promise<ScenarioResult> {
  let drainError: unknown;
  await stack.drained(options.drainTimeoutMs ?? 120_000).catch((error: unknown) => {
    drainError = error;
  });
  const result = await auditStack(stack, scenario, Date.now() - startedAt, options);
  if (drainError) result.problems.unshift(String(drainError));
  if (options.figure) result.figure = await options.figure();
  result.passed = result.problems.length === 0;
  recordResult(result);
  expect(result.problems, `${scenario}: ${result.problems.join("; ")}`).toEqual([]);
  expect(result.sent + result.failed + result.unconfirmed).toBe(result.messages);
  return result;
}
