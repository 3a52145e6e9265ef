import { execFile } from "node:child_process";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "@dispatcher/testing";

const exec = promisify(execFile);

export interface PrivatePostgres {
  /** Server URL (database `postgres`); scenarios create their own database on it. */
  url: string;
  /** Stops the server abruptly (`-m immediate`, like a crash), waits `downMs`, starts it again. */
  restart: (downMs: number) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A Postgres cluster of this suite's own (initdb in a temp dir, trust auth, a free loopback port),
 * so a scenario can restart it without touching the machine's server. Runs the server binaries as
 * the `postgres` user when this process is root (initdb refuses root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBinDir();
  const dir = await mkdtemp(join(tmpdir(), "dispatcher-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await exec("id", ["-u", "postgres"]);
    const { stdout: gid } = await exec("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const run = (file: string, args: string[]) =>
    asRoot
      ? exec("runuser", ["-u", "postgres", "--", join(bin, file), ...args])
      : exec(join(bin, file), args);

  await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  const start = () =>
    run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "start"]);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async (downMs) => {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop: async () => {
      await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBinDir(): Promise<string> {
  const { stdout } = await exec("sh", ["-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1"]);
  const dir = stdout.trim();
  if (!dir)
    throw new Error("no Postgres server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  return dir;
}
