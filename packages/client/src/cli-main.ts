#!/usr/bin/env node
// The `dispatcher` command (`pnpm dispatcher <command>` in this repo): see cli.ts for the exit codes.
import { runCli } from "./cli.js";

const result = await runCli(process.argv.slice(2), process.env, {
  tty: process.stdout.isTTY === true,
  progress: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
