import type { MessageStatus } from "@dispatcher/core";
import { eventually } from "@dispatcher/testing";
import { afterAll, afterEach, expect, inject } from "vitest";
import { type FaultStack, type StackOptions, startFaultStack } from "./fault-stack.js";

/** A stack's options, where Postgres and Redis default to the suite's (vitest's `inject`). */
export type FixtureStackOptions = Omit<StackOptions, "postgresUrl" | "redisUrl"> &
  Partial<Pick<StackOptions, "postgresUrl" | "redisUrl">>;

/** Starts a fault stack (see useFaultStack). */
export type StartStack = (options: FixtureStackOptions) => Promise<FaultStack>;

/**
 * Gives this test file a function that starts a fault stack on the suite's Postgres and Redis
 * (unless the options name others) and stops it after the test that started it, or, with `shared`
 * (a stack started in a beforeAll), after the file's tests; call it after registering the cleanup
 * of anything the stacks use (a receiver, say), so that the stacks stop first.
 */
export function useFaultStack(options: { shared?: boolean } = {}): StartStack {
  const started: FaultStack[] = [];
  (options.shared ? afterAll : afterEach)(async () => {
    for (const stack of started.splice(0)) await stack.stop();
  });
  return async (stackOptions) => {
    const stack = await startFaultStack({
      postgresUrl: inject("databaseUrl"),
      redisUrl: inject("redisUrl"),
      ...stackOptions,
    });
    started.push(stack);
    return stack;
  };
}

/** How many of `stack`'s messages are in `status` now. */
export async function countMessages(stack: FaultStack, status: MessageStatus): Promise<number> {
  const rows = await stack.db.selectFrom("messages").select("id").where("status", "=", status).execute();
  return rows.length;
}

/**
 * Waits until more than `n` of `stack`'s messages are sent, asking every `poll.intervalMs`; fails
 * after `poll.timeoutMs`.
 */
export async function waitForSent(
  stack: FaultStack,
  n: number,
  poll: { timeoutMs: number; intervalMs: number },
): Promise<void> {
  const { timeoutMs, intervalMs } = poll;
  await eventually(
    async () => expect(await countMessages(stack, "sent")).toBeGreaterThan(n),
    timeoutMs,
    intervalMs,
  );
}
