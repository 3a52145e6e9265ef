import { describe, expect, it } from "vitest";
import { createMicroBatcher } from "../src/send/message-store.js";

describe("createMicroBatcher", () => {
  it("runs concurrent calls as one batch and gives each caller its own result", async () => {
    const batches: number[][] = [];
    const double = createMicroBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        return items.map((n) => n * 2);
      },
      maxSize: 100,
      maxInFlight: 2,
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("flushes at maxSize without waiting", async () => {
    const batches: number[][] = [];
    const echo = createMicroBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        return items;
      },
      maxSize: 2,
      maxInFlight: 1,
    });
    await Promise.all([1, 2, 3, 4].map(echo));
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("while maxInFlight batches run, later calls wait and go together in the next batch", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const echo = createMicroBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        if (batches.length === 1) await held;
        return items;
      },
      maxSize: 100,
      maxInFlight: 1,
    });
    const first = echo(1);
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is running: these three wait for it, however many turns go by.
    const rest = [2, 3, 4].map(echo);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("a run that throws at once rejects its batch, and later batches still run", async () => {
    let fail = true;
    const flaky = createMicroBatcher<number, number>({
      run: (items) => {
        if (fail) throw new Error("thrown before any promise");
        return Promise.resolve(items);
      },
      maxSize: 10,
      maxInFlight: 1,
    });
    await expect(flaky(1)).rejects.toThrow("thrown before any promise");
    fail = false;
    expect(await flaky(2)).toBe(2);
  });

  it("rejects every call of a failed batch, and later batches still run", async () => {
    let fail = true;
    const flaky = createMicroBatcher<number, number>({
      run: async (items) => {
        if (fail) throw new Error("database down");
        return items;
      },
      maxSize: 10,
      maxInFlight: 1,
    });
    const results = await Promise.allSettled([1, 2].map(flaky));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await flaky(3)).toBe(3);
  });
});
