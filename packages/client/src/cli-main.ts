#!/usr/bin/env -S npx tsx
// `pnpm dispatcher <command>`: the CLI (see cli.ts for the commands and exit codes).
import { runCli } from "./cli.js";

const result = await runCli(process.argv.slice(2), process.env);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
