import { describe, expect, it } from "vitest";
import { startPeriodic } from "../src/control/periodic.js";

const quiet = { warn: () => {}, error: () => {} };

describe("startPeriodic", () => {
  it("never overlaps passes, however slow a pass is, and stop waits for the running one", async () => {
    let active = 0;
    let mostActive = 0;
    let passes = 0;
    let finished = 0;
    const stop = startPeriodic({ intervalMs: 5, logger: quiet, failure: "x" }, async () => {
      active++;
      passes++;
      mostActive = Math.max(mostActive, active);
      await new Promise((resolve) => setTimeout(resolve, 40));
      active--;
      finished++;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stop();
    expect(passes).toBeGreaterThan(2);
    expect(mostActive).toBe(1);
    expect(finished).toBe(passes);
  });

  it("logs a failing pass with its failure text and runs the next", async () => {
    const logged: unknown[] = [];
    let passes = 0;
    const stop = startPeriodic(
      {
        intervalMs: 5,
        logger: { ...quiet, error: (...args: unknown[]) => logged.push(args) },
        failure: "boom",
        failureLevel: "error",
      },
      async () => {
        passes++;
        if (passes === 1) throw new Error("the first pass fails");
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop();
    expect(passes).toBeGreaterThan(1);
    expect(logged[0]).toEqual([{ err: new Error("the first pass fails") }, "boom"]);
  });
});
