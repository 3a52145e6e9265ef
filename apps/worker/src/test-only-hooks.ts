import { writeSync } from "node:fs";
import type { Logger } from "@dispatcher/runtime";

/**
 * Test-only switches (TEST_ONLY_* settings, off by default) that put a worker into the moments the
 * fault suite must break: they exist so a scenario can hit an exact point with a real process.
 */
export interface TestOnlySwitches {
  /** TEST_ONLY_BLOCK_EVENT_LOOP_MS: block the event loop this long once, right after the first provider 2xx. */
  blockEventLoopMs: number;
  /** TEST_ONLY_CRASH_AFTER_CLAIM: SIGKILL itself right after its first claim commits, before enqueuing. */
  crashAfterClaim: boolean;
  /** TEST_ONLY_DELAY_BEFORE_SENT_WRITE_MS: wait this long after every provider 2xx before recording it. */
  delayBeforeSentWriteMs: number;
}

export interface TestOnlyHooks {
  /** Runs right after a tick's claim commits, before its jobs are enqueued. */
  afterClaim?: (ids: number[]) => void;
  /** Runs after a provider 2xx, before the send is recorded. */
  afterProviderAccepted?: () => Promise<void>;
}

/** Whether any switch is on. */
export function anyTestOnlySwitch(switches: TestOnlySwitches): boolean {
  return switches.blockEventLoopMs > 0 || switches.crashAfterClaim || switches.delayBeforeSentWriteMs > 0;
}

/** The hooks the switches ask for (none when all are off), announced loudly in the log. */
export function testOnlyHooks(switches: TestOnlySwitches, logger: Logger): TestOnlyHooks {
  const hooks: TestOnlyHooks = {};
  if (switches.crashAfterClaim) {
    hooks.afterClaim = (ids) => {
      if (ids.length === 0) return;
      // Written synchronously: the process dies on the next line, before an async log flush.
      const line = {
        level: 40,
        msg: "TEST_ONLY_CRASH_AFTER_CLAIM: killing this worker after its claim",
        claimed: ids,
      };
      writeSync(2, `${JSON.stringify(line)}\n`);
      process.kill(process.pid, "SIGKILL");
    };
  }
  let blockPending = switches.blockEventLoopMs > 0;
  if (blockPending || switches.delayBeforeSentWriteMs > 0) {
    hooks.afterProviderAccepted = async () => {
      if (blockPending) {
        blockPending = false;
        logger.warn(
          { ms: switches.blockEventLoopMs },
          "TEST_ONLY_BLOCK_EVENT_LOOP_MS: blocking the event loop",
        );
        const until = Date.now() + switches.blockEventLoopMs;
        while (Date.now() < until) {
          // Busy on purpose: nothing else in this process runs meanwhile, lock renewals included.
        }
      }
      if (switches.delayBeforeSentWriteMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, switches.delayBeforeSentWriteMs));
      }
    };
  }
  if (hooks.afterClaim || hooks.afterProviderAccepted) {
    logger.warn({ switches }, "TEST-ONLY SWITCHES ARE ON: this worker misbehaves on purpose (fault suite)");
  }
  return hooks;
}
