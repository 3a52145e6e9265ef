// The real worker (apps/worker/src/main.ts), unchanged, or the program PROFILED_ENTRY names
// (relative to the repo root: the floor, say), with two instruments the bench reads:
// call counts (Postgres statements, Redis commands and round trips, HTTP requests) and a V8 CPU
// profile. The first SIGUSR2 resets the counts and starts the profiler; the second stops it and
// writes `profile.cpuprofile` and `calls.json` to `profileDirectory(pid)`, then prints
// `{"profiler":"written"}` on stdout. Everything else (config, signals) is the worker's own.
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@dispatcher/testing";
import { installCallCounter } from "./call-counter.js";
import { profileDirectory } from "./profile-directory.js";
import { createWindowProfiler } from "./window-profiler.js";

const counter = installCallCounter({
  pg: `${REPO_ROOT}packages/db/package.json`,
  ioredis: `${REPO_ROOT}packages/redis/package.json`,
});
const profiler = createWindowProfiler();
let running = false;

process.on("SIGUSR2", () => {
  if (!running) {
    running = true;
    counter.reset();
    void profiler.start().then(() => process.stdout.write('{"profiler":"started"}\n'));
    return;
  }
  running = false;
  const calls = counter.snapshot();
  void profiler.stop().then((profile) => {
    const directory = profileDirectory(process.pid);
    mkdirSync(directory, { recursive: true });
    writeFileSync(`${directory}/profile.cpuprofile`, JSON.stringify(profile));
    writeFileSync(`${directory}/calls.json`, JSON.stringify(calls));
    process.stdout.write('{"profiler":"written"}\n');
  });
});

await import(pathToFileURL(`${REPO_ROOT}${process.env.PROFILED_ENTRY ?? "apps/worker/src/main.ts"}`).href);
