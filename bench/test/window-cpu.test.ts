import { type ChildProcess, spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { accountWindows } from "../src/window-cpu.js";

/** Keeps this thread busy until the process has used `ms` more milliseconds of CPU (however long that takes on a loaded machine). */
function burn(ms: number): void {
  const used = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1_000;
  };
  const until = used() + ms;
  while (used() < until) {
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
    setTimeout(() => burn(500), windows[1]!.from - Date.now() + 300);
    const reports = await reading;

    expect(reports).toHaveLength(3);
    const [quiet1, busy, quiet2] = reports.map((r) => r.groups.self!);
    expect(busy).toBeGreaterThan(0.45);
    expect(quiet1).toBeLessThan(0.3);
    expect(quiet2).toBeLessThan(0.3);
    for (const r of reports) expect(r.wallSeconds).toBeGreaterThan(1.3);
  }, 15_000);

  it("samples within a window, so a process that works and exits inside it is counted", async () => {
    const start = Date.now() + 100;
    let child: ChildProcess | undefined;
    const reading = accountWindows(
      { child: () => (child?.pid === undefined ? [] : [child.pid]) },
      [{ from: start, to: start + 3_500 }],
      new AbortController().signal,
    );
    // Busy for 0.6 s of CPU, then idle, gone 1.8 s into the window: only a sample taken before then sees it.
    setTimeout(() => {
      child = spawn(process.execPath, [
        "-e",
        "for (let u = process.cpuUsage(); u.user + u.system < 600_000; u = process.cpuUsage()); setTimeout(() => {}, 1_100);",
      ]);
    }, 100);
    const [report] = await reading;
    expect(child?.exitCode).toBe(0);
    expect(report!.groups.child).toBeGreaterThan(0.4);
  }, 15_000);

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
