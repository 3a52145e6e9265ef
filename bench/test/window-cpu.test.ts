import { describe, expect, it } from "vitest";
import { accountWindows } from "../src/window-cpu.js";

/** Keeps this thread busy for `ms` milliseconds. */
function burn(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose: CPU the window must see
  }
}

describe("accountWindows", () => {
  it("reads each window's CPU apart: work done in one shows in it and not in its neighbours", async () => {
    const start = Date.now() + 200;
    const windows = [
      { from: start, to: start + 1_500 },
      { from: start + 1_500, to: start + 3_000 },
      { from: start + 3_000, to: start + 4_500 },
    ];
    const reading = accountWindows({ self: () => [process.pid] }, windows, new AbortController().signal);
    setTimeout(() => burn(600), windows[1]!.from - Date.now() + 300);
    const reports = await reading;

    expect(reports).toHaveLength(3);
    const [quiet1, busy, quiet2] = reports.map((r) => r.groups.self!);
    expect(busy).toBeGreaterThan(0.5);
    expect(quiet1).toBeLessThan(0.3);
    expect(quiet2).toBeLessThan(0.3);
    for (const r of reports) expect(r.wallSeconds).toBeGreaterThan(1.3);
  });

  it("ends with the windows read so far when the run stops", async () => {
    const start = Date.now();
    const stop = new AbortController();
    const reading = accountWindows(
      { self: () => [process.pid] },
      [
        { from: start, to: start + 300 },
        { from: start + 300, to: start + 60_000 },
      ],
      stop.signal,
    );
    setTimeout(() => stop.abort(), 800);
    const reports = await reading;
    expect(reports).toHaveLength(1);
  });
});
